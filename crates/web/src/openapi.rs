//! The OpenAPI 3 document, generated from the handlers' annotations.

use axum::Json;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "gowest API — 万商西进工程公共信息服务平台",
        description = "JSON API of the 万商西进工程 platform (商资发[2006]530号). \
            Errors are RFC 9457 problem documents with Chinese and English messages.",
    ),
    paths(
        crate::api::reference::provinces,
        crate::api::reference::industries,
        crate::api::reference::ports,
        crate::api::zones::list,
        crate::api::zones::get,
        crate::api::stats::zones_by_province,
        crate::api::zones::update,
        crate::api::me::me,
        crate::api::enterprises::get,
        crate::api::enterprises::put,
        crate::api::demands::list,
        crate::api::demands::mine,
        crate::api::demands::get,
        crate::api::demands::create,
        crate::api::demands::update,
        crate::api::demands::set_status,
        crate::api::search::search,
        crate::api::matching::find,
        crate::api::matching::for_demand,
        crate::api::matching::for_zone,
        crate::api::projects::list,
        crate::api::projects::get,
        crate::api::projects::create,
        crate::api::projects::update,
        crate::api::pipeline::list,
        crate::api::pipeline::get,
        crate::api::pipeline::create,
        crate::api::pipeline::advance,
        crate::api::pipeline::signing,
        crate::api::pipeline::jobs,
        crate::api::pipeline::funds,
        crate::api::pipeline::attach_evidence,
        crate::api::pipeline::download_evidence,
        crate::api::pipeline_review::raise,
        crate::api::pipeline_review::resolve,
        crate::api::pipeline_review::routed,
        crate::api::pipeline_review::review,
        crate::api::pipeline_review::queue,
        crate::api::pipeline_review::figures,
        crate::api::pipeline_review::events,
        crate::api::funds::programmes,
        crate::api::funds::edit_programme,
        crate::api::funds::preview,
        crate::api::funds::allocate,
        crate::api::funds::list,
        crate::api::funds::create,
        crate::api::funds::get,
        crate::api::funds::update,
        crate::api::funds::act,
        crate::api::funds::new_version,
        crate::api::training::progress,
        crate::api::training::trainees,
        crate::api::training::save_plan,
        crate::api::training::step_plan,
        crate::api::training::import_roster,
        crate::api::training::start_roster_job,
        crate::api::training::roster_job,
        crate::api::training::subsidy_preview,
        crate::api::training::claim_subsidy,
        crate::api::training::get_targets,
        crate::api::training::set_targets,
        crate::api::training::managers,
        crate::api::training::offer_course,
        crate::api::training::enrol_manager,
        crate::api::training::record_attendance,
        crate::api::cooperation::list,
        crate::api::cooperation::get,
        crate::api::cooperation::create,
        crate::api::cooperation::add_milestone,
        crate::api::cooperation::update_milestone,
        crate::api::cooperation::link_project,
        crate::api::cooperation::link_enterprise,
        crate::api::cooperation::parks,
        crate::api::cooperation::park,
        crate::api::cooperation::create_park,
        crate::api::cooperation::add_sharing,
        crate::api::cooperation::add_park_enterprise,
        crate::api::events::list,
        crate::api::events::get,
        crate::api::events::create,
        crate::api::events::register,
        crate::api::events::withdraw,
        crate::api::events::set_open,
        crate::api::events::decide,
        crate::api::events::request_meeting,
        crate::api::events::schedule,
        crate::api::events::agenda,
        crate::api::events::agenda_ics,
        crate::api::events::console,
        crate::api::prices::catalogue,
        crate::api::prices::report,
        crate::api::prices::series,
        crate::api::prices::series_csv,
        crate::api::prices::anomalies,
        crate::api::prices::index,
        crate::health::healthz,
        crate::health::readyz,
    ),
    tags(
        (name = "reference", description = "Provinces, industries, ports"),
        (name = "zones", description = "The development-zone directory"),
        (name = "transfer", description = "Industrial transfer: enterprises, relocation demand, \
            investment projects, matching"),
        (name = "stats", description = "Figures of the zone directory"),
        (name = "account", description = "The account behind an API token"),
        (name = "pipeline", description = "招商项目全流程: records, funds in place, problems, duplicate review, figures"),
        (name = "funds", description = "资金项目: interest subsidies, CDB policy-loan pools, special funds; applications, ledger, quota"),
        (name = "cooperation", description = "East–west cooperation: agreements, milestones, co-built parks and their sharing ledger"),
        (name = "events", description = "Investment-promotion events: registration, B2B meeting requests, scheduling, agendas"),
        (name = "training", description = "Training programmes: technician quotas, plans, trainee rosters (身份证号 masked), progress"),
        (name = "prices", description = "农产品批发市场价格: catalogue, market reports, series, anomaly warnings, open data"),
        (name = "operations", description = "Health and readiness"),
    ),
    modifiers(&BearerScheme)
)]
pub struct ApiDoc;

/// Declares the `bearer` scheme: API tokens made in the console (`gw_…`).
struct BearerScheme;

impl utoipa::Modify for BearerScheme {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
