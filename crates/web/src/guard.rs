//! The per-request work every answer needs, in one middleware rather than three stacked
//! layers (each stacked `from_fn` boxes the rest of the stack once more per request): text
//! caps before any handler (`bound`), the refusal audit of every 403 (`console`), and the
//! request id in a server error's document (`problem`).

use crate::console::RefusalWitness;
use crate::{bound, problem};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use gowest_app::App;

pub async fn guard(State(app): State<App>, request: Request, next: Next) -> Response {
    let request_id = request.headers().get("x-request-id").cloned();
    let witness = RefusalWitness::of(&request);
    let response = problem::with_request_id(bound::bound(request, next).await, request_id);
    witness.audit(&app, response.status()).await;
    response
}
