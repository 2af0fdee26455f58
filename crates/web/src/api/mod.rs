//! The JSON API under `/api/v1`.

pub mod bearer;
pub mod cooperation;
pub mod demands;
pub mod distributors;
pub mod enterprises;
pub mod events;
pub mod farm_trade;
pub mod funds;
mod input;
pub mod labour;
pub mod logistics;
pub mod matching;
pub mod me;
pub mod outsourcing;
pub mod pipeline;
pub mod pipeline_review;
pub mod prices;
pub mod projects;
pub mod recycling;
pub mod reference;
pub mod returns;
pub mod rural;
pub mod search;
mod sheet;
pub mod stats;
pub mod targets;
pub mod todos;
pub mod training;
pub mod training_classes;
pub mod zones;

use axum::Router;
use axum::routing::{get, post};
use gowest_app::App;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/api/v1/provinces", get(reference::provinces))
        .route("/api/v1/industries", get(reference::industries))
        .route("/api/v1/ports", get(reference::ports))
        .route("/api/v1/zones", get(zones::list))
        .route("/api/v1/zones/{id}", get(zones::get).put(zones::update))
        .route("/api/v1/me", get(me::me))
        .route("/api/v1/todos", get(todos::list))
        .merge(pipeline_routes())
        .merge(funds_routes())
        .merge(cooperation_routes())
        .merge(events_routes())
        .merge(training_routes())
        .merge(prices_routes())
        .merge(rural_routes())
        .merge(farm_trade_routes())
        .merge(distributors_routes())
        .merge(logistics_routes())
        .merge(outsourcing_routes())
        .merge(labour_routes())
        .merge(recycling_routes())
        .merge(returns_routes())
        .route(
            "/api/v1/enterprise",
            get(enterprises::get).put(enterprises::put),
        )
        .route("/api/v1/enterprise/demands", get(demands::mine))
        .route("/api/v1/demands", get(demands::list).post(demands::create))
        .route(
            "/api/v1/demands/{id}",
            get(demands::get).put(demands::update),
        )
        .route("/api/v1/demands/{id}/status", post(demands::set_status))
        .route("/api/v1/demands/{id}/matches", get(matching::for_demand))
        .route("/api/v1/zones/{id}/demands", get(matching::for_zone))
        .route("/api/v1/matching", post(matching::find))
        .route("/api/v1/search", get(search::search))
        .route(
            "/api/v1/projects",
            get(projects::list).post(projects::create),
        )
        .route(
            "/api/v1/projects/{id}",
            get(projects::get).put(projects::update),
        )
        .route(
            "/api/v1/stats/zones-by-province",
            get(stats::zones_by_province),
        )
        .route("/api/v1/targets", get(targets::list))
        .route("/api/v1/targets/{code}", axum::routing::put(targets::edit))
}

fn pipeline_routes() -> Router<App> {
    use pipeline as p;
    use pipeline_review as r;
    Router::new()
        .route("/api/v1/pipeline", get(p::list).post(p::create))
        .route("/api/v1/pipeline/{id}", get(p::get))
        .route("/api/v1/pipeline/{id}/advance", post(p::advance))
        .route("/api/v1/pipeline/{id}/signings", post(p::signing))
        .route("/api/v1/pipeline/{id}/jobs", post(p::jobs))
        .route("/api/v1/pipeline/{id}/funds", post(p::funds))
        .route(
            "/api/v1/pipeline/{id}/funds/{funds_id}/evidence",
            get(p::download_evidence).post(p::attach_evidence),
        )
        .route("/api/v1/pipeline/{id}/problems", post(r::raise))
        .route("/api/v1/pipeline/{id}/review", post(r::review))
        .route("/api/v1/pipeline-problems", get(r::routed))
        .route("/api/v1/pipeline-problems/{id}/resolve", post(r::resolve))
        .route("/api/v1/pipeline-reviews", get(r::queue))
        .route("/api/v1/pipeline-figures", get(r::figures))
        .route("/api/v1/promotion-events", get(r::events))
        // Evidence travels base64 in JSON: 10 MB of file is about 13.4 MB of text.
        .layer(axum::extract::DefaultBodyLimit::max(16 * 1024 * 1024))
}

fn funds_routes() -> Router<App> {
    use axum::routing::put;
    use funds as f;
    Router::new()
        .route("/api/v1/funds/programmes", get(f::programmes))
        .route("/api/v1/funds/programmes/{id}", put(f::edit_programme))
        .route("/api/v1/funds/programmes/{id}/preview", post(f::preview))
        .route("/api/v1/funds/programmes/{id}/allocate", post(f::allocate))
        .route("/api/v1/funds/applications", get(f::list).post(f::create))
        .route(
            "/api/v1/funds/applications/{id}",
            get(f::get).put(f::update),
        )
        .route("/api/v1/funds/applications/{id}/actions", post(f::act))
        .route(
            "/api/v1/funds/applications/{id}/versions",
            post(f::new_version),
        )
        // Files travel base64 in JSON: 10 MB of file is about 13.4 MB of text.
        .layer(axum::extract::DefaultBodyLimit::max(16 * 1024 * 1024))
}

fn cooperation_routes() -> Router<App> {
    use cooperation as c;
    Router::new()
        .route("/api/v1/agreements", get(c::list).post(c::create))
        .route("/api/v1/agreements/{id}", get(c::get))
        .route("/api/v1/agreements/{id}/milestones", post(c::add_milestone))
        .route(
            "/api/v1/agreements/{id}/milestones/{milestone_id}",
            post(c::update_milestone),
        )
        .route("/api/v1/agreements/{id}/projects", post(c::link_project))
        .route(
            "/api/v1/agreements/{id}/enterprises",
            post(c::link_enterprise),
        )
        .route("/api/v1/parks", get(c::parks).post(c::create_park))
        .route("/api/v1/parks/{id}", get(c::park))
        .route("/api/v1/parks/{id}/sharing", post(c::add_sharing))
        .route(
            "/api/v1/parks/{id}/enterprises",
            post(c::add_park_enterprise),
        )
}

fn events_routes() -> Router<App> {
    use events as e;
    Router::new()
        .route("/api/v1/events", get(e::list).post(e::create))
        .route("/api/v1/events/{id}", get(e::get))
        .route("/api/v1/events/{id}/registrations", post(e::register))
        .route(
            "/api/v1/events/{id}/registrations/withdraw",
            post(e::withdraw),
        )
        .route("/api/v1/events/{id}/registration-open", post(e::set_open))
        .route(
            "/api/v1/events/{id}/registrations/{registration_id}/decision",
            post(e::decide),
        )
        .route(
            "/api/v1/events/{id}/meeting-requests",
            post(e::request_meeting),
        )
        .route("/api/v1/events/{id}/schedule", post(e::schedule))
        .route("/api/v1/events/{id}/agenda", get(e::agenda))
        .route("/api/v1/events/{id}/agenda.ics", get(e::agenda_ics))
        .route("/api/v1/events/{id}/console", get(e::console))
}

fn training_routes() -> Router<App> {
    use training as t;
    Router::new()
        .route("/api/v1/training/progress", get(t::progress))
        .route("/api/v1/training/trainees", get(t::trainees))
        .route(
            "/api/v1/zones/{id}/training-plan",
            axum::routing::put(t::save_plan),
        )
        .route("/api/v1/zones/{id}/training-plan/steps", post(t::step_plan))
        .route("/api/v1/zones/{id}/training/roster", post(t::import_roster))
        .route(
            "/api/v1/zones/{id}/training/roster-jobs",
            post(t::start_roster_job),
        )
        .route("/api/v1/training/roster-jobs/{id}", get(t::roster_job))
        .route("/api/v1/training/subsidy/{id}", get(t::subsidy_preview))
        .route(
            "/api/v1/training/subsidy/{id}/claims",
            post(t::claim_subsidy),
        )
        .route(
            "/api/v1/training/targets/{year}",
            get(t::get_targets).put(t::set_targets),
        )
        .route("/api/v1/training/managers", get(t::managers))
        .route("/api/v1/training/managers/courses", post(t::offer_course))
        .route(
            "/api/v1/training/managers/courses/{id}/enrolments",
            post(t::enrol_manager),
        )
        .route(
            "/api/v1/training/managers/enrolments/{id}",
            axum::routing::put(t::record_attendance),
        )
        .route("/api/v1/training/classes", get(training_classes::list))
        .route(
            "/api/v1/training/classes/surveys",
            post(training_classes::open_survey),
        )
        .route(
            "/api/v1/training/classes/surveys/{id}/demand",
            axum::routing::put(training_classes::answer_survey),
        )
        .route(
            "/api/v1/training/classes/surveys/{id}/classes",
            post(training_classes::plan_class),
        )
        .route(
            "/api/v1/training/classes/{id}/enrolments",
            post(training_classes::enrol),
        )
        .route(
            "/api/v1/training/classes/enrolments/{id}",
            axum::routing::put(training_classes::complete),
        )
        // A 50,000-row roster is a few MB; base64 in JSON adds a third.
        .layer(axum::extract::DefaultBodyLimit::max(32 * 1024 * 1024))
}

fn logistics_routes() -> Router<App> {
    use logistics as l;
    Router::new()
        .route("/api/v1/logistics/network", get(l::network))
        .route("/api/v1/logistics/zones/{id}/routes", get(l::zone_routes))
        .route(
            "/api/v1/logistics/zones/{id}/routes/{port_id}",
            get(l::zone_route),
        )
        .route("/api/v1/logistics/links", post(l::add_link))
        .route(
            "/api/v1/logistics/links/{id}",
            axum::routing::put(l::update_link).delete(l::delete_link),
        )
        .route("/api/v1/logistics/ports", post(l::add_port))
        .route(
            "/api/v1/logistics/clearance",
            get(l::clearance).post(l::add_clearance),
        )
}

fn outsourcing_routes() -> Router<App> {
    use outsourcing as o;
    Router::new()
        .route(
            "/api/v1/outsourcing/bases",
            get(o::bases).post(o::save_base),
        )
        .route("/api/v1/outsourcing/bases.xlsx", get(o::export))
        .route("/api/v1/outsourcing/bases/import", post(o::import))
        .route(
            "/api/v1/outsourcing/demands",
            get(o::demands).post(o::post_demand),
        )
        .route("/api/v1/outsourcing/demands/{id}/matches", get(o::matches))
}

fn labour_routes() -> Router<App> {
    use labour as l;
    Router::new()
        .route("/api/v1/labour/bases", get(l::bases).post(l::save_base))
        .route("/api/v1/labour/bases.xlsx", get(l::export))
        .route("/api/v1/labour/bases/import", post(l::import))
        .route(
            "/api/v1/labour/projects",
            get(l::projects).post(l::post_project),
        )
        .route("/api/v1/labour/projects/{id}/matches", get(l::matches))
}

fn returns_routes() -> Router<App> {
    use returns as r;
    Router::new()
        .route("/api/v1/returns", get(r::list).post(r::save_draft))
        .route("/api/v1/returns.xlsx", get(r::export_xlsx))
        .route("/api/v1/returns.csv", get(r::export_csv))
        .route("/api/v1/returns/template.xlsx", get(r::template))
        .route("/api/v1/returns/import", post(r::import))
        .route("/api/v1/returns/{id}", get(r::get))
        .route("/api/v1/returns/{id}/file", post(r::file))
        .route("/api/v1/returns/{id}/return", post(r::send_back))
        .route("/api/v1/returns/{id}/accept", post(r::accept))
        .route("/api/v1/returns/{id}/revise", post(r::revise))
}

fn recycling_routes() -> Router<App> {
    use recycling as r;
    Router::new()
        .route(
            "/api/v1/recycling/pilots",
            get(r::pilots).post(r::save_pilot),
        )
        .route("/api/v1/recycling/pilots.xlsx", get(r::export))
        .route("/api/v1/recycling/pilots/import", post(r::import))
        .route("/api/v1/recycling/figures", get(r::figures))
}

fn prices_routes() -> Router<App> {
    Router::new()
        .route("/api/v1/prices/catalogue", get(prices::catalogue))
        .route("/api/v1/prices/series", get(prices::series))
        .route("/api/v1/prices/series.csv", get(prices::series_csv))
        .route("/api/v1/prices/anomalies", get(prices::anomalies))
        .route("/api/v1/prices/index", get(prices::index))
        .route("/api/v1/prices/overview", get(prices::overview))
        .route("/api/v1/markets/{id}/prices", post(prices::report))
}

fn rural_routes() -> Router<App> {
    Router::new()
        .route("/api/v1/rural/coverage", get(rural::coverage))
        .route(
            "/api/v1/rural/stations",
            get(rural::stations).post(rural::register),
        )
        .route("/api/v1/rural/stations.xlsx", get(rural::stations_xlsx))
}

fn farm_trade_routes() -> Router<App> {
    Router::new()
        .route(
            "/api/v1/farm-trade/offers",
            get(farm_trade::offers).post(farm_trade::post_offer),
        )
        .route(
            "/api/v1/farm-trade/offers/{id}/matches",
            get(farm_trade::matches),
        )
        .route("/api/v1/farm-trade/deals", post(farm_trade::record_deal))
        .route(
            "/api/v1/farm-trade/offers/batch",
            post(farm_trade::post_batch),
        )
        .route("/api/v1/farm-trade/offers/import", post(farm_trade::import))
        .route("/api/v1/farm-trade/export.xlsx", get(farm_trade::export))
}

fn distributors_routes() -> Router<App> {
    Router::new()
        .route(
            "/api/v1/distributors",
            get(distributors::list).post(distributors::create),
        )
        .route("/api/v1/distributors.xlsx", get(distributors::xlsx))
        .route(
            "/api/v1/distributors/{id}",
            get(distributors::get_one).put(distributors::update),
        )
        .route(
            "/api/v1/markets",
            get(distributors::markets).post(distributors::create_market),
        )
        .route("/api/v1/markets/overview", get(distributors::overview))
        .route(
            "/api/v1/markets/{id}",
            get(distributors::market).put(distributors::update_market),
        )
}
