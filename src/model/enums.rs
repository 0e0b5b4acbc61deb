//! Graph enumerations that never fail to parse and are written back as they came.
//!
//! Graph adds enum members over time, real exports carry undocumented ones, and the
//! docs spell members in other cases (`"string"` for `String`; beta spells
//! `synchronizationMetadata` members in camelCase). So an enumeration value is an
//! [`Enum`]: the text exactly as it came plus the known member it matches
//! case-insensitively, if any. Flags enumerations ([`Flags`]) accept `"Add, Update"`,
//! `"Add,Update"` and the legacy numeric form, and keep the original spelling too.
//!
//! The member lists are SPEC.md §2 (from the v1.0 CSDL), with their numeric values.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::field::{Shape, Shaped};

/// The known members of one Graph enumeration.
pub trait Members: Sized + Copy + Eq + fmt::Debug + 'static {
    /// The enumeration's name in the Graph metadata (e.g. `attributeType`).
    const TYPE_NAME: &'static str;
    /// What the enumeration is for (used in the generated JSON Schemas).
    const DESCRIPTION: &'static str;
    /// Every member with its canonical spelling and numeric value.
    const MEMBERS: &'static [(Self, &'static str, u64)];
    /// Whether the set is open: Graph extends it over time and the service writes its
    /// members (metadata keys, secret names, status and quarantine reasons), so a
    /// member synclens has never seen is most likely a new one, not a misspelling.
    /// Closed sets are those people write (flow types, mutability, attribute types).
    const OPEN: bool;

    /// The canonical spelling of this member.
    fn name(self) -> &'static str {
        Self::MEMBERS
            .iter()
            .find(|(member, _, _)| *member == self)
            .map_or("", |(_, name, _)| name)
    }

    /// The numeric value of this member.
    fn bits(self) -> u64 {
        Self::MEMBERS
            .iter()
            .find(|(member, _, _)| *member == self)
            .map_or(0, |(_, _, bits)| *bits)
    }

    /// The member whose name matches `text`, ignoring ASCII case and surrounding spaces.
    fn lookup(text: &str) -> Option<Self> {
        let text = text.trim();
        Self::MEMBERS
            .iter()
            .find(|(_, name, _)| name.eq_ignore_ascii_case(text))
            .map(|(member, _, _)| *member)
    }
}

/// Declares the known members of a Graph enumeration (variant names are the Graph
/// member names).
macro_rules! members {
    (
        $(#[$meta:meta])*
        $name:ident = $graph_name:literal, $set:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $bits:literal ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[allow(non_camel_case_types)]
        pub enum $name {
            $(
                $(#[$vmeta])*
                #[doc = concat!("The member `", stringify!($variant), "` (", stringify!($bits), ").")]
                $variant,
            )*
        }

        impl $crate::model::enums::Members for $name {
            const TYPE_NAME: &'static str = $graph_name;
            const DESCRIPTION: &'static str = concat!($(stringify!($meta), " "),*);
            const MEMBERS: &'static [(Self, &'static str, u64)] =
                &[ $( ($name::$variant, stringify!($variant), $bits) ),* ];
            const OPEN: bool = members!(@open $set);
        }
    };
    (@open open) => { true };
    (@open closed) => { false };
}

/// A value of a Graph enumeration: the text as it came, and the known member it names.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Enum<K> {
    raw: String,
    known: Option<K>,
}

impl<K: Members> Enum<K> {
    /// Reads an enumeration value from its text (never fails).
    pub fn parse(text: impl Into<String>) -> Self {
        let raw = text.into();
        let known = K::lookup(&raw);
        Enum { raw, known }
    }

    /// The value in its canonical spelling.
    pub fn from_member(member: K) -> Self {
        Enum {
            raw: member.name().to_owned(),
            known: Some(member),
        }
    }

    /// The text exactly as it appeared in the document.
    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// The known member this value names, if any.
    pub fn known(&self) -> Option<K> {
        self.known
    }

    /// Whether this value names `member` (in any spelling).
    pub fn is(&self, member: K) -> bool {
        self.known == Some(member)
    }

    /// Whether the value names no known member (an undocumented or misspelled value).
    pub fn is_unknown(&self) -> bool {
        self.known.is_none()
    }

    /// Whether the value is spelled exactly as the Graph metadata spells it.
    pub fn is_canonical(&self) -> bool {
        self.known.is_some_and(|member| member.name() == self.raw)
    }
}

impl<K: Members> fmt::Debug for Enum<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.known {
            Some(member) => write!(f, "{member:?}({:?})", self.raw),
            None => write!(f, "Unknown({:?})", self.raw),
        }
    }
}

impl<K: Members> fmt::Display for Enum<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

impl<K> Shaped for Enum<K> {
    const SHAPE: Shape = Shape::Scalar;
}

impl<K> Serialize for Enum<K> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.raw)
    }
}

impl<'de, K: Members> Deserialize<'de> for Enum<K> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EnumVisitor<K>(PhantomData<K>);
        impl<K: Members> Visitor<'_> for EnumVisitor<K> {
            type Value = Enum<K>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                write!(f, "a {} string", K::TYPE_NAME)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Enum::parse(v))
            }
        }
        deserializer.deserialize_str(EnumVisitor(PhantomData))
    }
}

impl<K: Members> JsonSchema for Enum<K> {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed(K::TYPE_NAME)
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let names: Vec<&str> = K::MEMBERS.iter().map(|(_, name, _)| *name).collect();
        json_schema!({
            "description": format!(
                "{} Known members: {}. Matched case-insensitively; other strings are \
                 accepted (Graph adds members) and reported by `synclens validate`.",
                doc_text(K::DESCRIPTION),
                names.join(", ")
            ),
            "type": "string",
            "examples": names,
        })
    }
}

/// A value of a Graph flags enumeration (`objectFlowTypes`, …): comma-separated member
/// names (with or without spaces) or, in legacy documents, a number.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Flags<K> {
    raw: FlagsText,
    _members: PhantomData<K>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum FlagsText {
    Names(String),
    Number(u64),
}

impl<K: Members> Flags<K> {
    /// Reads a flags value from its comma-separated text (never fails).
    pub fn parse(text: impl Into<String>) -> Self {
        Flags {
            raw: FlagsText::Names(text.into()),
            _members: PhantomData,
        }
    }

    /// The value as it appeared: its text, or the number for the legacy numeric form.
    pub fn as_text(&self) -> Cow<'_, str> {
        match &self.raw {
            FlagsText::Names(text) => Cow::Borrowed(text),
            FlagsText::Number(bits) => Cow::Owned(bits.to_string()),
        }
    }

    /// The member names as written (trimmed), in order; empty for the numeric form.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        let text = match &self.raw {
            FlagsText::Names(text) => text.as_str(),
            FlagsText::Number(_) => "",
        };
        text.split(',')
            .map(str::trim)
            .filter(|name| !name.is_empty())
    }

    /// The known members set in this value.
    pub fn members(&self) -> Vec<K> {
        match &self.raw {
            FlagsText::Names(_) => self.names().filter_map(K::lookup).collect(),
            FlagsText::Number(bits) => K::MEMBERS
                .iter()
                .filter(|(_, _, value)| *value != 0 && bits & value == *value)
                .map(|(member, _, _)| *member)
                .collect(),
        }
    }

    /// Names in the value that are not members of the enumeration.
    pub fn unknown_names(&self) -> Vec<&str> {
        self.names()
            .filter(|name| K::lookup(name).is_none())
            .collect()
    }

    /// The numeric value of the known members set (unknown names contribute nothing).
    pub fn bits(&self) -> u64 {
        match &self.raw {
            FlagsText::Names(_) => self
                .names()
                .filter_map(K::lookup)
                .fold(0, |acc, member| acc | member.bits()),
            FlagsText::Number(bits) => *bits,
        }
    }

    /// Whether `member` is set.
    pub fn contains(&self, member: K) -> bool {
        let bits = member.bits();
        if bits == 0 {
            return self.bits() == 0;
        }
        self.bits() & bits == bits
    }
}

impl<K: Members> fmt::Debug for Flags<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Flags({:?})", self.as_text())
    }
}

impl<K: Members> fmt::Display for Flags<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.as_text())
    }
}

impl<K> Shaped for Flags<K> {
    const SHAPE: Shape = Shape::Scalar;
}

impl<K> Serialize for Flags<K> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.raw {
            FlagsText::Names(text) => serializer.serialize_str(text),
            FlagsText::Number(bits) => serializer.serialize_u64(*bits),
        }
    }
}

impl<'de, K: Members> Deserialize<'de> for Flags<K> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FlagsVisitor<K>(PhantomData<K>);
        impl<K: Members> Visitor<'_> for FlagsVisitor<K> {
            type Value = Flags<K>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                write!(f, "a {} string such as \"A, B\"", K::TYPE_NAME)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Flags::parse(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(Flags {
                    raw: FlagsText::Number(v),
                    _members: PhantomData,
                })
            }
        }
        deserializer.deserialize_any(FlagsVisitor(PhantomData))
    }
}

impl<K: Members> JsonSchema for Flags<K> {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed(K::TYPE_NAME)
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let names: Vec<&str> = K::MEMBERS.iter().map(|(_, name, _)| *name).collect();
        json_schema!({
            "description": format!(
                "{} Flags: comma-separated member names (\"A, B\" or \"A,B\"), or a \
                 non-negative number in legacy documents. Known members: {}.",
                doc_text(K::DESCRIPTION),
                names.join(", ")
            ),
            "type": ["string", "integer"],
            "minimum": 0,
        })
    }
}

/// Turns the `doc = "..."` attributes captured by `members!` into plain text.
fn doc_text(captured: &str) -> String {
    let mut text = String::new();
    for part in captured.split("doc =").skip(1) {
        let part = part.trim();
        let part = part.strip_prefix('r').unwrap_or(part);
        let part = part.strip_prefix('"').unwrap_or(part);
        let part = part.trim_end().trim_end_matches('"');
        let part = part.trim();
        if !text.is_empty() && !part.is_empty() {
            text.push(' ');
        }
        text.push_str(part);
    }
    text.replace("\\\"", "\"")
}

members! {
    /// The data type of an attribute or function parameter.
AttributeType = "attributeType", closed {
        String = 0, Integer = 1, Reference = 2, Binary = 3, Boolean = 4, DateTime = 5,
    }
}

members! {
    /// When a mapped attribute value is exported: only when it changed, or always.
AttributeFlowBehavior = "attributeFlowBehavior", closed { FlowWhenChanged = 0, FlowAlways = 1 }
}

members! {
    /// When an attribute mapping applies (Always; ObjectAddOnly = only when the target
    /// object is created; …).
AttributeFlowType = "attributeFlowType", closed {
        Always = 0, ObjectAddOnly = 1, MultiValueAddOnly = 2, ValueAddOnly = 3,
        AttributeAddOnly = 4,
    }
}

members! {
    /// The kind of an expression-tree node: a source attribute, a constant, or a
    /// function call.
AttributeMappingSourceType = "attributeMappingSourceType", closed {
        Attribute = 0, Constant = 1, Function = 2,
    }
}

members! {
    /// Whether an attribute can be written.
Mutability = "mutability", closed { ReadWrite = 0, ReadOnly = 1, Immutable = 2, WriteOnly = 3 }
}

members! {
    /// What an object mapping may do to target objects: create, update, delete.
ObjectFlowTypes = "objectFlowTypes", closed { None = 0, Add = 1, Update = 2, Delete = 4 }
}

members! {
    /// Keys of object-mapping metadata entries.
ObjectMappingMetadata = "objectMappingMetadata", open {
        EscrowBehavior = 0, DisableMonitoringForChanges = 1, OriginalJoiningProperty = 2,
        Disposition = 3, IsCustomerDefined = 4, ExcludeFromReporting = 5, Unsynchronized = 6,
    }
}

members! {
    /// Keys of object-definition metadata entries.
ObjectDefinitionMetadata = "objectDefinitionMetadata", open {
        PropertyNameAccountEnabled = 0, PropertyNameSoftDeleted = 1,
        IsSoftDeletionSupported = 2, IsSynchronizeAllSupported = 3,
        ConnectorDataStorageRequired = 4, Extensions = 5, BaseObjectName = 6,
        /// Not in the CSDL; written by the service in a 2025 Cloud Sync export
        /// (docs/observed.md). Its numeric value is unknown; 7 is ours.
        IsHardDeletionSupported = 7,
    }
}

members! {
    /// Keys of attribute-definition metadata entries.
AttributeDefinitionMetadata = "attributeDefinitionMetadata", open {
        BaseAttributeName = 0, ComplexObjectDefinition = 1, IsContainer = 2,
        IsCustomerDefined = 3, IsDomainQualified = 4, LinkPropertyNames = 5,
        LinkTypeName = 6, MaximumLength = 7, ReferencedProperty = 8,
        /// Not in the CSDL; written by the service in a 2025 Cloud Sync export
        /// (docs/observed.md). Its numeric value is unknown; 9 is ours.
        Secret = 9,
    }
}

members! {
    /// What kinds of discovery a directory supports.
DirectoryDefinitionDiscoverabilities = "directoryDefinitionDiscoverabilities", open {
        None = 0, AttributeNames = 1, AttributeDataTypes = 2, AttributeReadOnly = 4,
        ReferenceAttributes = 8, UnknownFutureValue = 16,
    }
}

members! {
    /// Whether a scoping operator takes values (Binary) or not (Unary).
ScopeOperatorType = "scopeOperatorType", closed { Binary = 0, Unary = 1 }
}

members! {
    /// How a scoping operator treats multi-valued attributes: all values or any value.
ScopeOperatorMultiValuedComparisonType = "scopeOperatorMultiValuedComparisonType", closed {
        All = 0, Any = 1,
    }
}

members! {
    /// What a job restart resets.
SynchronizationJobRestartScope = "synchronizationJobRestartScope", closed {
        None = 0, ConnectorDataStore = 1, Escrows = 2, Watermark = 4, QuarantineState = 8,
        Full = 15, ForceDeletes = 32,
    }
}

members! {
    /// Whether a job's schedule is running.
SynchronizationScheduleState = "synchronizationScheduleState", closed {
        Active = 0, Disabled = 1, Paused = 2,
    }
}

members! {
    /// The high-level state of a job.
SynchronizationStatusCode = "synchronizationStatusCode", open {
        NotConfigured = 0, NotRun = 1, Active = 2, Paused = 3, Quarantine = 4,
    }
}

members! {
    /// The outcome of one job run.
SynchronizationTaskExecutionResult = "synchronizationTaskExecutionResult", open {
        Succeeded = 0, Failed = 1, EntryLevelErrors = 2,
    }
}

members! {
    /// Why a job is in quarantine.
QuarantineReason = "quarantineReason", open {
        EncounteredBaseEscrowThreshold = 0, EncounteredTotalEscrowThreshold = 1,
        EncounteredEscrowProportionThreshold = 2, EncounteredQuarantineException = 4,
        Unknown = 8, QuarantinedOnDemand = 16, TooManyDeletes = 32, IngestionInterrupted = 64,
    }
}

members! {
    /// Names of synchronization secrets (connector credentials and settings).
SynchronizationSecret = "synchronizationSecret", open {
        None = 0, UserName = 1, Password = 2, SecretToken = 3, AppKey = 4, BaseAddress = 5,
        ClientIdentifier = 6, ClientSecret = 7, SingleSignOnType = 11, Sandbox = 12, Url = 13,
        Domain = 14, ConsumerKey = 15, ConsumerSecret = 16, TokenKey = 17,
        TokenExpiration = 18, Oauth2AccessToken = 19, Oauth2AccessTokenCreationTime = 20,
        Oauth2RefreshToken = 21, SyncAll = 22, InstanceName = 24, Oauth2ClientId = 27,
        Oauth2ClientSecret = 28, CompanyId = 29, UpdateKeyOnSoftDelete = 30,
        SynchronizationSchedule = 33, SystemOfRecord = 34, SandboxName = 35,
        EnforceDomain = 36, SyncNotificationSettings = 37, SkipOutOfScopeDeletions = 40,
        Oauth2AuthorizationCode = 62, Oauth2RedirectUri = 63,
        ApplicationTemplateIdentifier = 64, Oauth2TokenExchangeUri = 65,
        Oauth2AuthorizationUri = 66, AuthenticationType = 67, Server = 70,
        PerformInboundEntitlementGrants = 100, HardDeletesEnabled = 101,
        SyncAgentCompatibilityKey = 102, SyncAgentADContainer = 103, ValidateDomain = 206,
        TestReferences = 207, ConnectionString = 250,
    }
}

/// Words that make a setting or secret name a credential (`ClientSecret`,
/// `AdminPassword`, `RefreshToken`, …), compared ignoring ASCII case.
pub const CREDENTIAL_WORDS: [&str; 6] = [
    "secret",
    "password",
    "token",
    "connectionstring",
    "apikey",
    "privatekey",
];

/// Whether `text` contains a [`CREDENTIAL_WORDS`] word (ignoring ASCII case): a
/// name such as a job setting's that synclens does not know but that holds a
/// credential by its name.
pub fn looks_like_credential(text: &str) -> bool {
    let bytes = text.as_bytes();
    CREDENTIAL_WORDS.iter().any(|word| {
        bytes
            .windows(word.len())
            .any(|window| window.eq_ignore_ascii_case(word.as_bytes()))
    })
}

impl SynchronizationSecret {
    /// Whether a secret of this name holds a credential (as opposed to a setting such
    /// as `BaseAddress` or `SyncAll`).
    pub fn is_credential(self) -> bool {
        use SynchronizationSecret as S;
        matches!(
            self,
            S::Password
                | S::SecretToken
                | S::AppKey
                | S::ClientSecret
                | S::ConsumerSecret
                | S::TokenKey
                | S::Oauth2AccessToken
                | S::Oauth2RefreshToken
                | S::Oauth2ClientSecret
                | S::Oauth2AuthorizationCode
                | S::ConnectionString
        )
    }
}

members! {
    /// Keys of template metadata entries (v1.0 spells them in PascalCase, beta partly
    /// in camelCase; both match).
SynchronizationMetadata = "synchronizationMetadata", open {
        GalleryApplicationIdentifier = 0, GalleryApplicationKey = 1, IsOAuthEnabled = 2,
        IsSynchronizationAgentAssignmentRequired = 3, IsSynchronizationAgentRequired = 4,
        IsSynchronizationInPreview = 5, OAuthSettings = 6,
        SynchronizationLearnMoreIbizaFwLink = 7, ConfigurationFields = 8,
        /// Not in the CSDL; in Graph's template listing of the 2025 Cloud Sync
        /// template (docs/observed.md). Its numeric value is unknown; 9 is ours.
        AzureIngestionAttributeOptimization = 9,
    }
}

members! {
    /// Values (JSON-quoted) of the object-mapping metadata entry `Disposition`.
SynchronizationDisposition = "synchronizationDisposition", closed {
        Normal = 0, Discard = 1, Escrow = 2,
    }
}

members! {
    /// Values (JSON-quoted) of the object-mapping metadata entry `EscrowBehavior`.
EscrowBehavior = "escrowBehavior", closed { Default = 1, IgnoreLookupReferenceResolutionFailure = 2 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enums_match_case_insensitively_and_keep_their_spelling() {
        let value: Enum<AttributeType> = serde_json::from_str(r#""string""#).unwrap();
        assert!(value.is(AttributeType::String));
        assert!(!value.is_canonical());
        assert_eq!(serde_json::to_string(&value).unwrap(), r#""string""#);
    }

    #[test]
    fn unknown_members_parse_and_round_trip() {
        let value: Enum<Mutability> = serde_json::from_str(r#""Sometimes""#).unwrap();
        assert!(value.is_unknown());
        assert_eq!(value.as_str(), "Sometimes");
        assert_eq!(serde_json::to_string(&value).unwrap(), r#""Sometimes""#);
    }

    #[test]
    fn flags_accept_both_separators_and_numbers() {
        for text in [
            "Add, Update, Delete",
            "Add,Update,Delete",
            "add ,update,DELETE",
        ] {
            let flags = Flags::<ObjectFlowTypes>::parse(text);
            assert_eq!(flags.bits(), 7, "{text}");
            assert!(flags.contains(ObjectFlowTypes::Delete));
            assert_eq!(serde_json::to_value(&flags).unwrap(), text);
        }
        let flags: Flags<ObjectFlowTypes> = serde_json::from_str("3").unwrap();
        assert_eq!(
            flags.members(),
            [ObjectFlowTypes::Add, ObjectFlowTypes::Update]
        );
        assert_eq!(serde_json::to_string(&flags).unwrap(), "3");
        let flags = Flags::<ObjectFlowTypes>::parse("Add, Merge");
        assert_eq!(flags.unknown_names(), ["Merge"]);
        assert!(!flags.contains(ObjectFlowTypes::Delete));
    }

    #[test]
    fn member_docs_become_schema_descriptions() {
        assert_eq!(
            doc_text(Mutability::DESCRIPTION),
            "Whether an attribute can be written."
        );
    }
}
