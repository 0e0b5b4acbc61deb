//! [`Document`]: one whole synchronization document typed by its [`Kind`], read from a
//! parsed value or straight from JSON text, walked, and written back as it came.

use serde::Serialize;
use serde_json::Value;

use super::walk;
use super::{
    CredentialsRequest, FilterOperatorList, FunctionList, JobList, Kind, SecretList,
    SynchronizationJob, SynchronizationSchema, SynchronizationTemplate, TemplateList,
};

/// Why a JSON text could not be read as a document ([`Document::from_text`]).
#[derive(Debug)]
pub struct TextReadError {
    /// serde_json's error (with its line and column).
    pub error: serde_json::Error,
    /// For a shape the model cannot keep: the path of the value being read.
    pub path: Option<serde_path_to_error::Path>,
}

/// One whole synchronization document, typed by its kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Document {
    /// A synchronization schema.
    Schema(Box<SynchronizationSchema>),
    /// A synchronization job.
    Job(Box<SynchronizationJob>),
    /// A list of jobs.
    JobList(Box<JobList>),
    /// A synchronization template.
    Template(Box<SynchronizationTemplate>),
    /// A list of templates.
    TemplateList(Box<TemplateList>),
    /// The expression-function catalog.
    Functions(Box<FunctionList>),
    /// The scoping-operator catalog.
    FilterOperators(Box<FilterOperatorList>),
    /// A secrets body.
    Secrets(Box<SecretList>),
    /// A validateCredentials request body.
    Credentials(Box<CredentialsRequest>),
    /// JSON that is not a synchronization document, kept as it came.
    Unknown(Value),
}

impl Document {
    /// Reads a parsed JSON value as a document of the given kind.
    ///
    /// Wrongly typed properties do not fail (they are kept as [`Field::Invalid`]); an
    /// error means the JSON has the wrong shape somewhere the model cannot keep it
    /// (e.g. an array element that should be an object). The error's path says where.
    pub fn from_value(
        kind: Kind,
        value: &Value,
    ) -> Result<Self, serde_path_to_error::Error<serde_json::Error>> {
        fn read<'a, T: serde::Deserialize<'a>>(
            value: &'a Value,
        ) -> Result<Box<T>, serde_path_to_error::Error<serde_json::Error>> {
            // Tracking the path costs on every value; a document that reads cleanly
            // (nearly all) is read without it, and only a failure is read again to
            // say where.
            match T::deserialize(value) {
                Ok(document) => Ok(Box::new(document)),
                Err(_) => serde_path_to_error::deserialize(value).map(Box::new),
            }
        }
        Ok(match kind {
            Kind::Schema => Document::Schema(read(value)?),
            Kind::Job => Document::Job(read(value)?),
            Kind::JobList => Document::JobList(read(value)?),
            Kind::Template => Document::Template(read(value)?),
            Kind::TemplateList => Document::TemplateList(read(value)?),
            Kind::Functions => Document::Functions(read(value)?),
            Kind::FilterOperators => Document::FilterOperators(read(value)?),
            Kind::Secrets => Document::Secrets(read(value)?),
            Kind::Credentials => Document::Credentials(read(value)?),
            Kind::Unknown => Document::Unknown(value.clone()),
        })
    }

    /// Reads a document of the given kind straight from its JSON text (no
    /// intermediate value). A text that is not JSON fails with serde_json's syntax
    /// error; a shape the model cannot keep fails as in [`Document::from_value`], with
    /// the path of the value being read.
    pub fn from_text(kind: Kind, text: &str) -> Result<Self, TextReadError> {
        fn read<'a, T: serde::Deserialize<'a>>(text: &'a str) -> Result<Box<T>, TextReadError> {
            // As in `from_value`: the path is tracked only when reading again after a
            // failure.
            serde_json::from_str(text).map(Box::new).map_err(|error| {
                if error.is_syntax() || error.is_eof() {
                    return TextReadError { error, path: None };
                }
                let mut deserializer = serde_json::Deserializer::from_str(text);
                let path = serde_path_to_error::deserialize::<_, T>(&mut deserializer)
                    .err()
                    .map(|tracked| tracked.path().clone());
                TextReadError { error, path }
            })
        }
        Ok(match kind {
            Kind::Schema => Document::Schema(read(text)?),
            Kind::Job => Document::Job(read(text)?),
            Kind::JobList => Document::JobList(read(text)?),
            Kind::Template => Document::Template(read(text)?),
            Kind::TemplateList => Document::TemplateList(read(text)?),
            Kind::Functions => Document::Functions(read(text)?),
            Kind::FilterOperators => Document::FilterOperators(read(text)?),
            Kind::Secrets => Document::Secrets(read(text)?),
            Kind::Credentials => Document::Credentials(read(text)?),
            Kind::Unknown => Document::Unknown(*read(text)?),
        })
    }

    /// The document's kind.
    pub fn kind(&self) -> Kind {
        match self {
            Document::Schema(_) => Kind::Schema,
            Document::Job(_) => Kind::Job,
            Document::JobList(_) => Kind::JobList,
            Document::Template(_) => Kind::Template,
            Document::TemplateList(_) => Kind::TemplateList,
            Document::Functions(_) => Kind::Functions,
            Document::FilterOperators(_) => Kind::FilterOperators,
            Document::Secrets(_) => Kind::Secrets,
            Document::Credentials(_) => Kind::Credentials,
            Document::Unknown(_) => Kind::Unknown,
        }
    }

    /// Walks the typed document from its root (see [`walk`]).
    pub fn walk(&self, visitor: &mut dyn walk::Visitor) {
        use walk::Walk;
        let root = crate::pointer::JsonPointer::root();
        match self {
            Document::Schema(document) => document.walk(&root, visitor),
            Document::Job(document) => document.walk(&root, visitor),
            Document::JobList(document) => document.walk(&root, visitor),
            Document::Template(document) => document.walk(&root, visitor),
            Document::TemplateList(document) => document.walk(&root, visitor),
            Document::Functions(document) => document.walk(&root, visitor),
            Document::FilterOperators(document) => document.walk(&root, visitor),
            Document::Secrets(document) => document.walk(&root, visitor),
            Document::Credentials(document) => document.walk(&root, visitor),
            Document::Unknown(_) => {}
        }
    }

    /// Writes the document back as JSON.
    pub fn to_value(&self) -> Value {
        let result = match self {
            Document::Schema(document) => serde_json::to_value(document),
            Document::Job(document) => serde_json::to_value(document),
            Document::JobList(document) => serde_json::to_value(document),
            Document::Template(document) => serde_json::to_value(document),
            Document::TemplateList(document) => serde_json::to_value(document),
            Document::Functions(document) => serde_json::to_value(document),
            Document::FilterOperators(document) => serde_json::to_value(document),
            Document::Secrets(document) => serde_json::to_value(document),
            Document::Credentials(document) => serde_json::to_value(document),
            Document::Unknown(value) => Ok(value.clone()),
        };
        // Serializing these types into a Value cannot fail: every map key is a string
        // and every number is finite (it came from JSON).
        result.unwrap_or(Value::Null)
    }
}

impl Serialize for Document {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Document::Schema(document) => document.serialize(serializer),
            Document::Job(document) => document.serialize(serializer),
            Document::JobList(document) => document.serialize(serializer),
            Document::Template(document) => document.serialize(serializer),
            Document::TemplateList(document) => document.serialize(serializer),
            Document::Functions(document) => document.serialize(serializer),
            Document::FilterOperators(document) => document.serialize(serializer),
            Document::Secrets(document) => document.serialize(serializer),
            Document::Credentials(document) => document.serialize(serializer),
            Document::Unknown(value) => value.serialize(serializer),
        }
    }
}
