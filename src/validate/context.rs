//! What rules see: the document, its schemas with name indexes built once, the
//! catalogs, and a sink for findings.
//!
//! Names of directories, objects and attributes compare case-insensitively (Graph
//! does); a lookup says whether it matched exactly or only when case is ignored, so
//! rules can warn about the latter. Indexes are hash maps from the lower-cased name,
//! so resolving every reference in a schema costs linear time.
//!
//! What many rules walk is computed once per schema, on first use: the object mapping
//! sites with their objects resolved, and for each attribute mapping source its
//! expression text parsed ([`SourceSite`]).

use std::cell::OnceCell;
use std::collections::HashMap;

use super::catalogs::Catalogs;
use super::rule::RuleMeta;
use crate::expr::{Expr, ParseError};
use crate::model::{
    AttributeDefinition, AttributeMapping, AttributeMappingSource, DirectoryDefinition, Document,
    FilterClause, ObjectDefinition, ObjectMapping, SynchronizationJob, SynchronizationSchema,
};
use crate::pointer::JsonPointer;

/// The result of looking a name up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lookup<T> {
    /// Found, spelled exactly the same.
    Exact(T),
    /// Found only when case is ignored.
    CaseOnly(T),
    /// Not found.
    Missing,
}

impl<T> Lookup<T> {
    /// The found item, whether by exact or case-insensitive match.
    pub(crate) fn found(self) -> Option<T> {
        match self {
            Lookup::Exact(item) | Lookup::CaseOnly(item) => Some(item),
            Lookup::Missing => None,
        }
    }

    /// Maps the found item to an optional one, keeping how it was found.
    fn and_then<U>(self, f: impl FnOnce(T) -> Option<U>) -> Lookup<U> {
        match self {
            Lookup::Exact(item) => f(item).map_or(Lookup::Missing, Lookup::Exact),
            Lookup::CaseOnly(item) => f(item).map_or(Lookup::Missing, Lookup::CaseOnly),
            Lookup::Missing => Lookup::Missing,
        }
    }

    /// Maps the found item, keeping how it was found.
    pub(crate) fn map_found<U>(self, f: impl FnOnce(T) -> U) -> Lookup<U> {
        match self {
            Lookup::Exact(item) => Lookup::Exact(f(item)),
            Lookup::CaseOnly(item) => Lookup::CaseOnly(f(item)),
            Lookup::Missing => Lookup::Missing,
        }
    }
}

/// Positions of names, by lower-cased name.
#[derive(Debug, Default)]
pub(crate) struct NameIndex(HashMap<String, Vec<usize>>);

impl NameIndex {
    fn build<'n>(names: impl Iterator<Item = Option<&'n str>>) -> Self {
        let mut index: HashMap<String, Vec<usize>> = HashMap::new();
        for (position, name) in names.enumerate() {
            if let Some(name) = name {
                index.entry(name.to_lowercase()).or_default().push(position);
            }
        }
        NameIndex(index)
    }

    /// Looks `name` up; `name_at` gives the exact name at a position.
    fn lookup<'n>(&self, name: &str, name_at: impl Fn(usize) -> Option<&'n str>) -> Lookup<usize> {
        let Some(positions) = self.0.get(&name.to_lowercase()) else {
            return Lookup::Missing;
        };
        if let Some(exact) = positions.iter().find(|p| name_at(**p) == Some(name)) {
            return Lookup::Exact(*exact);
        }
        positions
            .first()
            .map_or(Lookup::Missing, |p| Lookup::CaseOnly(*p))
    }

    /// Groups of positions sharing one name (case-insensitively), each sorted, in
    /// order of their first position.
    pub(crate) fn duplicates(&self) -> Vec<&[usize]> {
        let mut groups: Vec<&[usize]> = self
            .0
            .values()
            .filter(|positions| positions.len() > 1)
            .map(Vec::as_slice)
            .collect();
        groups.sort_unstable();
        groups
    }
}

/// An object of a directory, resolved.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ObjectRef<'a> {
    /// Position of the directory in `directories`.
    pub(crate) directory: usize,
    /// Position of the object in the directory's `objects`.
    pub(crate) object: usize,
    /// The object.
    pub(crate) definition: &'a ObjectDefinition,
}

impl<'a> ObjectRef<'a> {
    /// The names of the object's attributes (for "did you mean").
    pub(crate) fn attribute_names(&self) -> Vec<&'a str> {
        self.definition
            .attributes()
            .iter()
            .filter_map(|a| a.name.as_str())
            .collect()
    }
}

/// One synchronization schema of the document, with its name indexes.
pub(crate) struct SchemaView<'a> {
    /// Where the schema sits in the document (`""` for a schema document).
    pub(crate) at: JsonPointer,
    /// The schema.
    pub(crate) schema: &'a SynchronizationSchema,
    directories: NameIndex,
    objects: Vec<NameIndex>,
    attributes: Vec<Vec<NameIndex>>,
    sites: OnceCell<Vec<MappingSite<'a>>>,
}

impl<'a> SchemaView<'a> {
    fn new(at: JsonPointer, schema: &'a SynchronizationSchema) -> Self {
        let directories = NameIndex::build(schema.directories().iter().map(|d| d.name.as_str()));
        let objects = schema
            .directories()
            .iter()
            .map(|d| NameIndex::build(d.objects().iter().map(|o| o.name.as_str())))
            .collect();
        let attributes = schema
            .directories()
            .iter()
            .map(|d| {
                d.objects()
                    .iter()
                    .map(|o| NameIndex::build(o.attributes().iter().map(|a| a.name.as_str())))
                    .collect()
            })
            .collect();
        SchemaView {
            at,
            schema,
            directories,
            objects,
            attributes,
            sites: OnceCell::new(),
        }
    }

    /// The directory index (for duplicate checks).
    pub(crate) fn directory_index(&self) -> &NameIndex {
        &self.directories
    }

    /// The object index of a directory.
    pub(crate) fn object_index(&self, directory: usize) -> Option<&NameIndex> {
        self.objects.get(directory)
    }

    /// The attribute index of an object.
    pub(crate) fn attribute_index(&self, directory: usize, object: usize) -> Option<&NameIndex> {
        self.attributes.get(directory)?.get(object)
    }

    /// Pointer of a directory.
    pub(crate) fn directory_pointer(&self, directory: usize) -> JsonPointer {
        self.at.key("directories").index(directory)
    }

    /// Pointer of an object.
    pub(crate) fn object_pointer(&self, object: ObjectRef<'_>) -> JsonPointer {
        self.directory_pointer(object.directory)
            .key("objects")
            .index(object.object)
    }

    /// Pointer of a rule.
    pub(crate) fn rule_pointer(&self, rule: usize) -> JsonPointer {
        self.at.key("synchronizationRules").index(rule)
    }

    /// Looks a directory up by name.
    pub(crate) fn directory(&self, name: &str) -> Lookup<(usize, &'a DirectoryDefinition)> {
        let directories = self.schema.directories();
        match self
            .directories
            .lookup(name, |p| directories.get(p).and_then(|d| d.name.as_str()))
        {
            Lookup::Exact(p) => directories
                .get(p)
                .map_or(Lookup::Missing, |d| Lookup::Exact((p, d))),
            Lookup::CaseOnly(p) => directories
                .get(p)
                .map_or(Lookup::Missing, |d| Lookup::CaseOnly((p, d))),
            Lookup::Missing => Lookup::Missing,
        }
    }

    /// Looks an object up by name in a directory.
    pub(crate) fn object(&self, directory: usize, name: &str) -> Lookup<ObjectRef<'a>> {
        let Some(definition) = self.schema.directories().get(directory) else {
            return Lookup::Missing;
        };
        let objects = definition.objects();
        let Some(index) = self.objects.get(directory) else {
            return Lookup::Missing;
        };
        let make = |object: usize| {
            objects.get(object).map(|definition| ObjectRef {
                directory,
                object,
                definition,
            })
        };
        match index.lookup(name, |p| objects.get(p).and_then(|o| o.name.as_str())) {
            Lookup::Exact(p) => make(p).map_or(Lookup::Missing, Lookup::Exact),
            Lookup::CaseOnly(p) => make(p).map_or(Lookup::Missing, Lookup::CaseOnly),
            Lookup::Missing => Lookup::Missing,
        }
    }

    /// Looks an attribute up by name in an object: its position and definition.
    pub(crate) fn attribute(
        &self,
        object: ObjectRef<'a>,
        name: &str,
    ) -> Lookup<(usize, &'a AttributeDefinition)> {
        let attributes = object.definition.attributes();
        let Some(index) = self.attribute_index(object.directory, object.object) else {
            return Lookup::Missing;
        };
        index
            .lookup(name, |p| attributes.get(p).and_then(|a| a.name.as_str()))
            .and_then(|p| attributes.get(p).map(|a| (p, a)))
    }

    /// Looks an attribute up for a reference check: the pointer of its definition and
    /// its name as written there.
    pub(crate) fn attribute_reference(
        &self,
        object: ObjectRef<'a>,
        name: &str,
    ) -> Lookup<(JsonPointer, &'a str)> {
        self.attribute(object, name)
            .map_found(|(position, attribute)| {
                (
                    self.attribute_pointer(object, position),
                    attribute.name.as_str().unwrap_or_default(),
                )
            })
    }

    /// Pointer of an attribute of an object.
    pub(crate) fn attribute_pointer(&self, object: ObjectRef<'_>, attribute: usize) -> JsonPointer {
        self.object_pointer(object)
            .key("attributes")
            .index(attribute)
    }

    /// Every object mapping of every rule, with its source and target objects
    /// resolved where they can be (by name, case-insensitively) and its attribute
    /// mapping sources (expressions parsed). Computed on first use, then shared by
    /// every rule.
    pub(crate) fn object_mappings(&self) -> &[MappingSite<'a>] {
        self.sites.get_or_init(|| self.mapping_sites())
    }

    fn mapping_sites(&self) -> Vec<MappingSite<'a>> {
        let mut sites = Vec::new();
        for (rule_index, rule) in self.schema.rules().iter().enumerate() {
            let rule_at = self.rule_pointer(rule_index);
            let source_directory = rule
                .source_directory_name
                .as_str()
                .and_then(|name| self.directory(name).found())
                .map(|(p, _)| p);
            let target_directory = rule
                .target_directory_name
                .as_str()
                .and_then(|name| self.directory(name).found())
                .map(|(p, _)| p);
            for (mapping_index, mapping) in rule.object_mappings().iter().enumerate() {
                let resolve = |directory: Option<usize>, name: Option<&str>| {
                    directory
                        .zip(name)
                        .and_then(|(d, n)| self.object(d, n).found())
                };
                let at = rule_at.key("objectMappings").index(mapping_index);
                sites.push(MappingSite {
                    sources: SourceSite::of(mapping, &at),
                    at,
                    mapping,
                    source_directory,
                    target_directory,
                    source: resolve(source_directory, mapping.source_object_name.as_str()),
                    target: resolve(target_directory, mapping.target_object_name.as_str()),
                });
            }
        }
        sites
    }
}

/// An object mapping with what it refers to.
pub(crate) struct MappingSite<'a> {
    /// Pointer of the object mapping.
    pub(crate) at: JsonPointer,
    /// The object mapping.
    pub(crate) mapping: &'a ObjectMapping,
    /// The rule's source directory, when it resolves.
    pub(crate) source_directory: Option<usize>,
    /// The rule's target directory, when it resolves.
    pub(crate) target_directory: Option<usize>,
    /// The source object, when it resolves.
    pub(crate) source: Option<ObjectRef<'a>>,
    /// The target object, when it resolves.
    pub(crate) target: Option<ObjectRef<'a>>,
    /// The source of every attribute mapping that has one, in order.
    pub(crate) sources: Vec<SourceSite<'a>>,
}

/// An attribute mapping's source, with its expression text parsed once for every rule.
pub(crate) struct SourceSite<'a> {
    /// Position of the attribute mapping in the object mapping's `attributeMappings`.
    pub(crate) index: usize,
    /// The attribute mapping.
    pub(crate) mapping: &'a AttributeMapping,
    /// Its source (the structured tree, with the expression text beside it).
    pub(crate) source: &'a AttributeMappingSource,
    /// Pointer of the source (`…/attributeMappings/<index>/source`).
    pub(crate) at: JsonPointer,
    /// The expression text and what parsing it gave, when the source has a text.
    pub(crate) expression: Option<(&'a str, Result<Expr, ParseError>)>,
}

impl<'a> SourceSite<'a> {
    /// The sources of an object mapping's attribute mappings (those that have one).
    fn of(mapping: &'a ObjectMapping, at: &JsonPointer) -> Vec<Self> {
        let mappings_at = at.key("attributeMappings");
        mapping
            .attribute_mappings()
            .iter()
            .enumerate()
            .filter_map(|(index, mapping)| {
                let source = mapping.source.get()?;
                Some(SourceSite {
                    index,
                    mapping,
                    source,
                    at: mappings_at.index(index).key("source"),
                    expression: source
                        .expression
                        .as_str()
                        .map(|text| (text, crate::expr::parse(text))),
                })
            })
            .collect()
    }

    /// The parsed expression, when the source has a text that parses.
    pub(crate) fn parsed(&self) -> Option<&Expr> {
        self.expression
            .as_ref()
            .and_then(|(_, parsed)| parsed.as_ref().ok())
    }
}

impl<'a> MappingSite<'a> {
    /// Every clause of the mapping's scoping filter (all three group lists), with its
    /// pointer.
    pub(crate) fn scoping_clauses(&self) -> Vec<(JsonPointer, &'a FilterClause)> {
        let mut clauses = Vec::new();
        let Some(scope) = self.mapping.scope.get() else {
            return clauses;
        };
        let scope_at = self.at.key("scope");
        for (list, groups) in scope.group_lists() {
            for (g, group) in groups.iter().enumerate() {
                let group_at = scope_at.key(list).index(g).key("clauses");
                for (c, clause) in group.clauses.items().iter().enumerate() {
                    clauses.push((group_at.index(c), clause));
                }
            }
        }
        clauses
    }
}

/// A finding as a rule reports it, before severity policy and locations apply.
#[derive(Debug)]
pub(crate) struct Report {
    pub(crate) meta: &'static RuleMeta,
    pub(crate) pointer: JsonPointer,
    pub(crate) message: String,
    pub(crate) help: String,
    pub(crate) related: Vec<(JsonPointer, String)>,
    /// Text that must never appear in output (a secret value): masked in snippets.
    pub(crate) mask: Option<String>,
    /// For a finding inside a string value (an expression): the byte offset in the
    /// decoded string, so line and column point at the character itself.
    pub(crate) inner: Option<usize>,
}

impl Report {
    /// Adds a related place.
    pub(crate) fn related(
        &mut self,
        pointer: JsonPointer,
        message: impl Into<String>,
    ) -> &mut Self {
        self.related.push((pointer, message.into()));
        self
    }

    /// Points the finding at byte `offset` of the (decoded) string value.
    pub(crate) fn inside(&mut self, offset: usize) -> &mut Self {
        self.inner = Some(offset);
        self
    }

    /// Marks text that must be masked wherever the finding's source line is shown.
    pub(crate) fn mask(&mut self, secret: &str) -> &mut Self {
        if !secret.is_empty() {
            self.mask = Some(secret.to_owned());
        }
        self
    }
}

/// What a rule's `check` gets.
pub(crate) struct Context<'a> {
    /// The typed document.
    pub(crate) document: &'a Document,
    /// Expression functions and scoping operators known for this document.
    pub(crate) catalogs: &'a Catalogs,
    /// Every schema in the document (a schema document has one; a job list one per job).
    pub(crate) schemas: Vec<SchemaView<'a>>,
    /// Every job in the document, with its pointer.
    pub(crate) jobs: Vec<(JsonPointer, &'a SynchronizationJob)>,
}

/// Where rules put their findings.
#[derive(Debug, Default)]
pub(crate) struct Sink {
    pub(crate) reports: Vec<Report>,
}

impl<'a> Context<'a> {
    pub(crate) fn new(document: &'a Document, catalogs: &'a Catalogs) -> Self {
        let mut schemas = Vec::new();
        let mut jobs = Vec::new();
        let root = JsonPointer::root();
        match document {
            Document::Schema(schema) => schemas.push(SchemaView::new(root, schema)),
            Document::Job(job) => {
                if let Some(schema) = job.schema.get() {
                    schemas.push(SchemaView::new(root.key("schema"), schema));
                }
                jobs.push((root, job.as_ref()));
            }
            Document::JobList(list) => {
                for (index, job) in list.items().iter().enumerate() {
                    let at = root.key("value").index(index);
                    if let Some(schema) = job.schema.get() {
                        schemas.push(SchemaView::new(at.key("schema"), schema));
                    }
                    jobs.push((at, job));
                }
            }
            Document::Template(template) => {
                if let Some(schema) = template.schema.get() {
                    schemas.push(SchemaView::new(root.key("schema"), schema));
                }
            }
            Document::TemplateList(list) => {
                for (index, template) in list.items().iter().enumerate() {
                    if let Some(schema) = template.schema.get() {
                        let at = root.key("value").index(index).key("schema");
                        schemas.push(SchemaView::new(at, schema));
                    }
                }
            }
            Document::Functions(_)
            | Document::FilterOperators(_)
            | Document::Secrets(_)
            | Document::Credentials(_)
            | Document::Unknown(_) => {}
        }
        Context {
            document,
            catalogs,
            schemas,
            jobs,
        }
    }
}

impl Sink {
    /// Reports a finding of `meta`'s rule at `pointer`.
    pub(crate) fn report(
        &mut self,
        meta: &'static RuleMeta,
        pointer: JsonPointer,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> &mut Report {
        self.reports.push(Report {
            meta,
            pointer,
            message: message.into(),
            help: help.into(),
            related: Vec::new(),
            mask: None,
            inner: None,
        });
        let last = self.reports.len() - 1;
        &mut self.reports[last]
    }
}
