//! Synchronization templates, synchronization secrets, `validateCredentials` request
//! bodies, the `/functions` and `/filterOperators` catalogs, and Graph collection
//! envelopes (SPEC.md §1.5, §5.2).

use super::enums::{
    AttributeType, Enum, ScopeOperatorMultiValuedComparisonType, ScopeOperatorType,
    SynchronizationMetadata, SynchronizationSecret,
};
use super::job::SynchronizationJob;
use super::schema::SynchronizationSchema;

graph_object! {
    /// Pre-configured synchronization settings for an application.
    SynchronizationTemplate = "synchronizationTemplate", required [] {
        /// Template id (e.g. `Slack`, `aws`).
        id: String = "id",
        /// Id of the owning application (a GUID).
        application_id: String = "applicationId",
        /// Whether this is the recommended default template.
        default: bool = "default",
        /// Description.
        description: String = "description",
        /// Whether the template is listed for the service principal.
        discoverable: bool = "discoverable",
        /// Engine implementation tag (e.g. `CustomSCIM`).
        factory_tag: String = "factoryTag",
        /// Metadata entries.
        metadata: Vec<SynchronizationMetadataEntry> = "metadata",
        /// Default schema for jobs created from the template.
        schema: SynchronizationSchema = "schema",
    }
}

graph_object! {
    /// A metadata entry of a template.
    SynchronizationMetadataEntry = "synchronizationMetadataEntry", required ["key"] {
        /// Metadata key.
        key: Enum<SynchronizationMetadata> = "key",
        /// Value (text; OAuthSettings and ConfigurationFields hold JSON).
        value: String = "value",
    }
}

graph_object! {
    /// A synchronization secret: a connector credential or setting.
    SynchronizationSecretKeyStringValuePair = "synchronizationSecretKeyStringValuePair", required ["key"] {
        /// Secret name.
        key: Enum<SynchronizationSecret> = "key",
        /// Secret value (may be JSON text).
        value: String = "value",
    }
}

graph_object! {
    /// The body of `POST …/jobs/{id}/validateCredentials` (SPEC.md §5.2): credentials
    /// to test against the target application. `acquireAccessToken` takes the same
    /// `credentials` array on its own.
    CredentialsRequest = "validateCredentialsRequest", required [] {
        /// The application the credentials are for (a GUID).
        application_identifier: String = "applicationIdentifier",
        /// The template the job was created from.
        template_id: String = "templateId",
        /// Whether to test the saved credentials instead of `credentials`.
        use_saved_credentials: bool = "useSavedCredentials",
        /// The credentials to test: the same key/value pairs as a secrets body.
        credentials: Vec<SynchronizationSecretKeyStringValuePair> = "credentials",
    }
}

impl CredentialsRequest {
    /// The credentials (empty when absent or malformed).
    pub fn items(&self) -> &[SynchronizationSecretKeyStringValuePair] {
        self.credentials.items()
    }
}

graph_object! {
    /// Describes one expression function (an item of `GET …/schema/functions`).
    AttributeMappingFunctionSchema = "attributeMappingFunctionSchema", required [] {
        /// Function name (the entity key per the metadata).
        id: String = "id",
        /// Function name (what real responses carry).
        name: String = "name",
        /// Ordered formal parameters.
        parameters: Vec<AttributeMappingParameterSchema> = "parameters",
    }
}

impl AttributeMappingFunctionSchema {
    /// The function's name: `name` when present, else `id`.
    pub fn function_name(&self) -> Option<&str> {
        self.name.as_str().or_else(|| self.id.as_str())
    }
}

graph_object! {
    /// A formal parameter of an expression function.
    AttributeMappingParameterSchema = "attributeMappingParameterSchema", required [] {
        /// Whether the parameter may repeat.
        allow_multiple_occurrences: bool = "allowMultipleOccurrences",
        /// Parameter name (the argument key in `attributeMappingSource.parameters`).
        name: String = "name",
        /// Whether the parameter is required.
        required: bool = "required",
        /// Data type.
        #[allow(clippy::struct_field_names)]
        r#type: Enum<AttributeType> = "type",
    }
}

graph_object! {
    /// Describes one scoping-filter operator (an item of `GET …/schema/filterOperators`).
    FilterOperatorSchema = "filterOperatorSchema", required [] {
        /// Operator name (the entity key per the metadata).
        id: String = "id",
        /// Operator name (what real responses carry).
        name: String = "name",
        /// Binary (takes values) or Unary.
        arity: Enum<ScopeOperatorType> = "arity",
        /// How multi-valued attributes are compared.
        multivalued_comparison_type: Enum<ScopeOperatorMultiValuedComparisonType> = "multivaluedComparisonType",
        /// Attribute types the operator applies to.
        supported_attribute_types: Vec<Enum<AttributeType>> = "supportedAttributeTypes",
    }
}

impl FilterOperatorSchema {
    /// The operator's name: `name` when present, else `id`.
    pub fn operator_name(&self) -> Option<&str> {
        self.name.as_str().or_else(|| self.id.as_str())
    }
}

graph_object! {
    /// The synchronization entity of a service principal: its jobs, templates and
    /// secrets.
    Synchronization = "synchronization", required [] {
        /// Entity id.
        id: String = "id",
        /// Connector credentials.
        secrets: Vec<SynchronizationSecretKeyStringValuePair> = "secrets",
        /// Jobs.
        jobs: Vec<SynchronizationJob> = "jobs",
        /// Templates.
        templates: Vec<SynchronizationTemplate> = "templates",
    }
}

/// Declares a Graph collection envelope: `value` plus the OData paging annotations.
macro_rules! collection {
    ($(#[$meta:meta])* $name:ident = $graph_name:literal of $item:ty) => {
        graph_object! {
            $(#[$meta])*
            $name = $graph_name, required ["value"] {
                /// `@odata.context`: where the collection came from.
                odata_context: String = "@odata.context",
                /// The items.
                value: Vec<$item> = "value",
                /// `@odata.nextLink`: the next page, when the collection is paged.
                odata_next_link: String = "@odata.nextLink",
            }
        }

        impl $name {
            /// The items (empty when absent or malformed).
            pub fn items(&self) -> &[$item] {
                self.value.items()
            }
        }
    };
}

collection! {
    /// A list of jobs (`GET …/synchronization/jobs`).
    JobList = "synchronizationJobCollection" of SynchronizationJob
}

collection! {
    /// A list of templates (`GET …/synchronization/templates`).
    TemplateList = "synchronizationTemplateCollection" of SynchronizationTemplate
}

collection! {
    /// The expression functions a schema supports (`GET …/schema/functions`).
    FunctionList = "attributeMappingFunctionSchemaCollection" of AttributeMappingFunctionSchema
}

collection! {
    /// The scoping operators a schema supports (`GET …/schema/filterOperators`).
    FilterOperatorList = "filterOperatorSchemaCollection" of FilterOperatorSchema
}

collection! {
    /// A synchronization secrets body (`PUT …/synchronization/secrets`).
    SecretList = "synchronizationSecretCollection" of SynchronizationSecretKeyStringValuePair
}
