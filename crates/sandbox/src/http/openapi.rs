//! The OpenAPI 3.1 document of the whole API, served at
//! `/api/v1/openapi.json`. Its schemas are generated from the contract's
//! types (`schemars`, the `schema` feature of `kyc-contract`) and its paths
//! are the router's ([`super::paths`]), so neither can drift from what the
//! service does; `tests/openapi.rs` checks real answers against it.

use kyc_contract::{
    AddImageRequest, AddImagesResponse, ConsentRequest, ConsentResponse, CreateSessionRequest,
    CreateSessionResponse, DeleteSessionResponse, ErrorBody, HandoffResponse, ImageContent, LivenessRequest,
    LivenessResponse, SessionImagesResponse, SessionListResponse, SessionResult, StartRequest, StartResponse,
    StatusResponse, WebhookDeliveriesResponse,
};
use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, SchemaGenerator};
use serde_json::{json, Map, Value};

use super::paths;

/// Who may call an operation.
#[derive(Clone, Copy)]
enum Caller {
    /// The partner's backend, with the API key.
    Backend,
    /// The widget, with the session's access token.
    Widget,
    /// The widget's start call: the start token is in the body.
    WidgetStart,
    /// Anyone: the document itself.
    Anyone,
}

/// One operation of the API.
struct Operation {
    method: &'static str,
    path: &'static str,
    id: &'static str,
    summary: &'static str,
    caller: Caller,
    parameters: Vec<Value>,
    request: Option<Value>,
    /// The success status and its `content`.
    success: (u16, &'static str, Value),
    /// Error statuses besides 429 and 500, which any call may answer.
    errors: &'static [u16],
}

fn schema<T: JsonSchema>(g: &mut SchemaGenerator) -> Value {
    g.subschema_for::<T>().into()
}

fn json_content(schema: Value) -> Value {
    json!({ "application/json": { "schema": schema } })
}

fn path_param(name: &str, description: &str) -> Value {
    json!({ "name": name, "in": "path", "required": true, "description": description,
            "schema": { "type": "string" } })
}

pub(super) fn query_param(name: &str, description: &str, schema: Value) -> Value {
    json!({ "name": name, "in": "query", "required": false, "description": description, "schema": schema })
}

fn sid() -> Value {
    path_param("sid", "The session's id")
}

fn operations(g: &mut SchemaGenerator) -> Vec<Operation> {
    use Caller::{Anyone, Backend, Widget, WidgetStart};
    vec![
        Operation {
            method: "post",
            path: paths::SESSIONS,
            id: "createSession",
            summary: "Create a session",
            caller: Backend,
            parameters: vec![],
            request: Some(schema::<CreateSessionRequest>(g)),
            success: (
                201,
                "The session and its link",
                json_content(schema::<CreateSessionResponse>(g)),
            ),
            errors: &[400, 401, 413],
        },
        Operation {
            method: "get",
            path: paths::SESSIONS,
            id: "listSessions",
            summary: "A page of sessions (extension)",
            caller: Backend,
            parameters: super::list_query::openapi_parameters(),
            request: None,
            success: (200, "The page", json_content(schema::<SessionListResponse>(g))),
            errors: &[400, 401],
        },
        Operation {
            method: "delete",
            path: paths::SESSION,
            id: "deleteSession",
            summary: "Delete a session, its images and its records (erased)",
            caller: Backend,
            parameters: vec![sid()],
            request: None,
            success: (200, "Deleted", json_content(schema::<DeleteSessionResponse>(g))),
            errors: &[401, 404],
        },
        Operation {
            method: "get",
            path: paths::RESULT,
            id: "getResult",
            summary: "The session's result, complete or not",
            caller: Backend,
            parameters: vec![sid()],
            request: None,
            success: (200, "The result", json_content(schema::<SessionResult>(g))),
            errors: &[401, 404, 410],
        },
        Operation {
            method: "get",
            path: paths::IMAGES,
            id: "listImages",
            summary: "The session's stored images",
            caller: Backend,
            parameters: vec![sid()],
            request: None,
            success: (
                200,
                "The images",
                json_content(schema::<SessionImagesResponse>(g)),
            ),
            errors: &[401, 404, 410],
        },
        Operation {
            method: "get",
            path: paths::IMAGE,
            id: "getImage",
            summary: "One image: the JPEG (format=raw, the default) or JSON with its base64",
            caller: Backend,
            parameters: vec![
                sid(),
                path_param("id", "The image's id"),
                query_param(
                    "format",
                    "raw (default) or base64",
                    json!({ "type": "string", "enum": ["raw", "base64"] }),
                ),
            ],
            request: None,
            success: (
                200,
                "The image",
                json!({
                    "image/jpeg": { "schema": { "type": "string", "contentMediaType": "image/jpeg" } },
                    "application/json": { "schema": schema::<ImageContent>(g) },
                }),
            ),
            errors: &[400, 401, 404, 410],
        },
        Operation {
            method: "get",
            path: paths::WEBHOOKS,
            id: "listWebhookDeliveries",
            summary: "The session's webhook events and their deliveries (extension)",
            caller: Backend,
            parameters: vec![sid()],
            request: None,
            success: (
                200,
                "The deliveries",
                json_content(schema::<WebhookDeliveriesResponse>(g)),
            ),
            errors: &[401, 404, 410],
        },
        Operation {
            method: "post",
            path: paths::START,
            id: "startSession",
            summary: "Start the session on this device with the link's start token (extension)",
            caller: WidgetStart,
            parameters: vec![sid()],
            request: Some(schema::<StartRequest>(g)),
            success: (200, "Started", json_content(schema::<StartResponse>(g))),
            errors: &[400, 401, 404, 410, 413],
        },
        Operation {
            method: "get",
            path: paths::CONSENT,
            id: "getConsent",
            summary: "Whether consent was granted",
            caller: Widget,
            parameters: vec![sid()],
            request: None,
            success: (200, "The consent", json_content(schema::<ConsentResponse>(g))),
            errors: &[401, 404, 410],
        },
        Operation {
            method: "post",
            path: paths::CONSENT,
            id: "grantConsent",
            summary: "Grant consent (extension)",
            caller: Widget,
            parameters: vec![sid()],
            request: Some(schema::<ConsentRequest>(g)),
            success: (200, "The consent", json_content(schema::<ConsentResponse>(g))),
            errors: &[400, 401, 404, 410, 413],
        },
        Operation {
            method: "post",
            path: paths::IMAGES,
            id: "addImage",
            summary: "Upload an image (a retry with the same image_id gets the first answer)",
            caller: Widget,
            parameters: vec![sid()],
            request: Some(schema::<AddImageRequest>(g)),
            success: (
                200,
                "Accepted or rejected, with feedback",
                json_content(schema::<AddImagesResponse>(g)),
            ),
            errors: &[400, 401, 403, 404, 409, 410, 413, 503],
        },
        Operation {
            method: "get",
            path: paths::STATUS,
            id: "getStatus",
            summary: "Where the session stands, without personal data (extension)",
            caller: Widget,
            parameters: vec![sid()],
            request: None,
            success: (200, "The status", json_content(schema::<StatusResponse>(g))),
            errors: &[401, 404, 410],
        },
        Operation {
            method: "post",
            path: paths::HANDOFF,
            id: "handoff",
            summary: "A fresh single-use link for another device (extension)",
            caller: Widget,
            parameters: vec![sid()],
            request: None,
            success: (200, "The link", json_content(schema::<HandoffResponse>(g))),
            errors: &[401, 403, 404, 409, 410],
        },
        Operation {
            method: "post",
            path: paths::LIVENESS,
            id: "tryLiveness",
            summary: "One try of the liveness step, checked again by the service (extension; a retry \
                      with the same attempt_id gets the first answer)",
            caller: Widget,
            parameters: vec![sid()],
            request: Some(schema::<LivenessRequest>(g)),
            success: (
                200,
                "The step after this try",
                json_content(schema::<LivenessResponse>(g)),
            ),
            errors: &[400, 401, 403, 404, 409, 410, 413],
        },
        Operation {
            method: "get",
            path: paths::OPENAPI,
            id: "openapi",
            summary: "This document",
            caller: Anyone,
            parameters: vec![],
            request: None,
            success: (
                200,
                "The OpenAPI 3.1 document",
                json_content(json!({ "type": "object" })),
            ),
            errors: &[],
        },
    ]
}

fn error_description(status: u16) -> &'static str {
    match status {
        400 => "invalid_request or invalid_image",
        401 => "unauthorized: no or wrong credential",
        403 => "attempt_limit or forbidden",
        404 => "not_found",
        409 => "already_complete (also a liveness try once the step is final)",
        410 => "expired, or deleted (extension: the session's time_to_live passed)",
        413 => "payload_too_large",
        429 => "rate_limited, with Retry-After (seconds)",
        503 => "unavailable (a simulated outage, or the service is busy), with Retry-After",
        _ => "internal",
    }
}

impl Operation {
    fn to_json(&self, error: &Value) -> Value {
        let mut responses = Map::new();
        let (status, description, content) = &self.success;
        responses.insert(
            status.to_string(),
            json!({ "description": description, "content": content }),
        );
        for status in self.errors.iter().chain(&[429, 500]) {
            responses.insert(
                status.to_string(),
                json!({ "description": error_description(*status), "content": json_content(error.clone()) }),
            );
        }
        let mut op = json!({
            "operationId": self.id,
            "summary": self.summary,
            "responses": responses,
        });
        let (tag, security) = match self.caller {
            Caller::Backend => ("backend", json!([{ "apiKey": [] }])),
            Caller::Widget => ("widget", json!([{ "accessToken": [] }])),
            Caller::WidgetStart => ("widget", json!([])),
            Caller::Anyone => ("service", json!([])),
        };
        op["tags"] = json!([tag]);
        op["security"] = security;
        if !self.parameters.is_empty() {
            op["parameters"] = Value::Array(self.parameters.clone());
        }
        if let Some(schema) = &self.request {
            op["requestBody"] = json!({ "required": true, "content": json_content(schema.clone()) });
        }
        op
    }
}

/// The document, with `public_url` as its server.
pub(crate) fn document(public_url: &str) -> Value {
    let mut settings = SchemaSettings::draft2020_12();
    settings.definitions_path = "/components/schemas".into();
    let mut g = settings.into_generator();
    let error = schema::<ErrorBody>(&mut g);
    let mut path_items = Map::new();
    for op in operations(&mut g) {
        let item = path_items
            .entry(op.path)
            .or_insert_with(|| Value::Object(Map::new()));
        item[op.method] = op.to_json(&error);
    }
    json!({
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "kyc-sandbox verification API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "The session contract (docs/CONTRACT.md) as the sandbox serves it: the partner \
                            backend's calls (tag backend, with the API key) and the widget's (tag widget, \
                            with the session's access token). Every error is an ErrorBody.",
        },
        "servers": [{ "url": public_url }],
        "tags": [
            { "name": "backend", "description": "The partner's backend, with the API key" },
            { "name": "widget", "description": "The widget in the customer's browser" },
            { "name": "service", "description": "About the service" },
        ],
        "paths": path_items,
        "components": {
            "schemas": g.take_definitions(true),
            "securitySchemes": {
                "apiKey": { "type": "http", "scheme": "bearer", "description": "The API key" },
                "accessToken": {
                    "type": "http", "scheme": "bearer",
                    "description": "The session's access token, from start",
                },
            },
        },
    })
}
