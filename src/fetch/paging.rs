//! Paging: a Graph collection read page by page over `@odata.nextLink`, followed
//! verbatim (every link still goes through the origin check of
//! [`GraphClient::get_bytes`]), with guards against loops, endless listings and
//! oversized collections (items past [`MAX_COLLECTION_ITEMS`] are never built).

use std::fmt;

use serde_json::Value;

use super::FetchError;
use super::graph::GraphClient;

/// Pages followed at most in one collection (a loop guard).
const MAX_PAGES: usize = 10_000;

/// Items read at most from one collection, every page together (jobs, templates, a
/// catalog, service principals of one name); a larger listing is refused while it is
/// read, so it costs no more memory than this many items.
pub const MAX_COLLECTION_ITEMS: usize = 10_000;

impl GraphClient {
    /// GETs a collection, following `@odata.nextLink` verbatim until it is absent.
    /// Returns the first page's `@odata.context` and every item. More than
    /// [`MAX_COLLECTION_ITEMS`] items in all is an error, found while the page is read
    /// (the items past the limit are never built).
    pub fn get_collection(&self, url: &str) -> Result<(Option<Value>, Vec<Value>), FetchError> {
        let mut next = Some(url.to_owned());
        let mut context = None;
        let mut items = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        while let Some(url) = next.take() {
            let paging = |reason: String| FetchError::Paging {
                url: self.http.redactor.clean(&url),
                reason,
            };
            if seen.len() >= MAX_PAGES {
                return Err(paging(format!("more than {MAX_PAGES} pages")));
            }
            if !seen.insert(url.clone()) {
                return Err(paging("the nextLink repeats an earlier page".to_owned()));
            }
            let body = self.get_bytes(&url)?;
            let too_many = std::cell::Cell::new(false);
            let mut deserializer = serde_json::Deserializer::from_slice(&body);
            let page = serde::de::DeserializeSeed::deserialize(
                PageSeed {
                    items: &mut items,
                    too_many: &too_many,
                },
                &mut deserializer,
            )
            .and_then(|page| deserializer.end().map(|()| page));
            let page = match page {
                Ok(page) => page,
                Err(_) if too_many.get() => {
                    return Err(paging(format!(
                        "the collection has more than {MAX_COLLECTION_ITEMS} items, the \
                         most synclens reads from one listing"
                    )));
                }
                Err(error) if error.is_data() => {
                    return Err(paging(
                        "the response is not a JSON object with a \"value\" array".to_owned(),
                    ));
                }
                Err(error) => {
                    return Err(FetchError::InvalidJson {
                        url: self.http.redactor.clean(&url),
                        message: error.to_string(),
                    });
                }
            };
            if !page.has_value {
                return Err(paging("the response has no \"value\" array".to_owned()));
            }
            if context.is_none() {
                context = page.context;
            }
            next = match page.next_link {
                None | Some(Value::Null) => None,
                Some(Value::String(link)) => Some(link),
                Some(_) => return Err(paging("@odata.nextLink is not a string".to_owned())),
            };
        }
        Ok((context, items))
    }
}

/// What a collection page holds besides its items.
#[derive(Default)]
struct Page {
    context: Option<Value>,
    has_value: bool,
    next_link: Option<Value>,
}

/// Reads a page's object, appending its `value` items to `items` up to
/// [`MAX_COLLECTION_ITEMS`] (setting `too_many` and failing past it).
struct PageSeed<'a> {
    items: &'a mut Vec<Value>,
    too_many: &'a std::cell::Cell<bool>,
}

impl<'de> serde::de::DeserializeSeed<'de> for PageSeed<'_> {
    type Value = Page;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Page, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> serde::de::Visitor<'de> for PageSeed<'_> {
    type Value = Page;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Page, A::Error> {
        let mut page = Page::default();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "@odata.context" => page.context = Some(map.next_value()?),
                "@odata.nextLink" => page.next_link = Some(map.next_value()?),
                "value" => {
                    map.next_value_seed(ItemsSeed {
                        items: &mut *self.items,
                        too_many: self.too_many,
                    })?;
                    page.has_value = true;
                }
                _ => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
        }
        Ok(page)
    }
}

/// Reads a `value` array into `items`, failing past [`MAX_COLLECTION_ITEMS`].
struct ItemsSeed<'a> {
    items: &'a mut Vec<Value>,
    too_many: &'a std::cell::Cell<bool>,
}

impl<'de> serde::de::DeserializeSeed<'de> for ItemsSeed<'_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> serde::de::Visitor<'de> for ItemsSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(item) = seq.next_element::<Value>()? {
            if self.items.len() >= MAX_COLLECTION_ITEMS {
                self.too_many.set(true);
                return Err(serde::de::Error::custom("too many items"));
            }
            self.items.push(item);
        }
        Ok(())
    }
}
