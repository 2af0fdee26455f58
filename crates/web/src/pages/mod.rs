//! The server-rendered portal: Simplified Chinese first, English by the `lang` cookie.
//! Handlers parse, call one use-case of `gowest_app`, and render an askama template;
//! htmx requests get the fragment of a page, every other request the whole page.

mod assets;
pub(crate) mod choices;
mod compare;
pub(crate) mod ctx;
mod demands;
mod distributors;
pub(crate) mod error;
mod events;
pub(crate) mod farm_trade;
mod find;
pub(crate) mod format;
mod funds;
mod home;
mod labour;
mod logistics;
mod notice;
mod outsourcing;
mod policy;
mod prices;
mod prices_overview;
pub(crate) mod programme;
mod projects;
pub(crate) mod query;
mod recycling;
mod rural;
mod search;
mod zone;
mod zones;
mod zones_export;
mod zones_form;

pub use ctx::Ctx;

use axum::Router;
use axum::response::Response;
use axum::routing::get;
use gowest_app::App;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/", get(home::home))
        .route("/zones", get(zones::directory))
        .route("/zones/export.xlsx", get(zones_export::export_xlsx))
        .route("/zones/export.csv", get(zones_export::export_csv))
        .route("/zones/{id}", get(zone::zone))
        .route("/search", get(search::search))
        .route("/find", get(find::find))
        .route("/compare", get(compare::compare))
        .route("/demands", get(demands::list))
        .route("/funds", get(funds::list))
        .route("/prices", get(prices::page))
        .route("/prices/overview", get(prices_overview::fragment))
        .route("/rural", get(rural::page))
        .route("/markets", get(distributors::page))
        .route("/farm-trade", get(farm_trade::page))
        .route("/logistics", get(logistics::page))
        .route("/outsourcing", get(outsourcing::page))
        .route("/labour", get(labour::page))
        .route("/recycling", get(recycling::page))
        .route("/funds.xlsx", get(funds::export))
        .route("/projects", get(projects::list))
        .route("/projects/{id}", get(projects::show))
        .route("/policy", get(policy::policy))
        .route("/programme", get(programme::page))
        .route("/programme/targets.xlsx", get(programme::export))
        .route("/events", get(events::list))
        .route("/events/{id}", get(events::show))
        .route("/lang/{code}", get(ctx::switch))
        .merge(assets::routes())
}

/// The HTML 404 page, for paths outside the API.
pub fn not_found(ctx: &Ctx) -> Response {
    error::not_found(ctx)
}
