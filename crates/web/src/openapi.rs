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
        crate::api::todos::list,
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
        crate::api::training_classes::list,
        crate::api::training_classes::open_survey,
        crate::api::training_classes::answer_survey,
        crate::api::training_classes::plan_class,
        crate::api::training_classes::enrol,
        crate::api::training_classes::complete,
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
        crate::api::prices::overview,
        crate::api::rural::coverage,
        crate::api::rural::stations,
        crate::api::rural::stations_xlsx,
        crate::api::rural::register,
        crate::api::farm_trade::offers,
        crate::api::farm_trade::matches,
        crate::api::farm_trade::post_offer,
        crate::api::farm_trade::record_deal,
        crate::api::farm_trade::post_batch,
        crate::api::farm_trade::import,
        crate::api::farm_trade::export,
        crate::api::distributors::list,
        crate::api::distributors::get_one,
        crate::api::distributors::create,
        crate::api::distributors::update,
        crate::api::distributors::xlsx,
        crate::api::distributors::markets,
        crate::api::distributors::create_market,
        crate::api::distributors::overview,
        crate::api::distributors::market,
        crate::api::distributors::update_market,
        crate::api::logistics::network,
        crate::api::logistics::zone_routes,
        crate::api::logistics::zone_route,
        crate::api::logistics::add_link,
        crate::api::logistics::update_link,
        crate::api::logistics::delete_link,
        crate::api::logistics::add_port,
        crate::api::logistics::clearance,
        crate::api::logistics::add_clearance,
        crate::api::outsourcing::bases,
        crate::api::outsourcing::save_base,
        crate::api::outsourcing::export,
        crate::api::outsourcing::import,
        crate::api::outsourcing::demands,
        crate::api::outsourcing::post_demand,
        crate::api::outsourcing::matches,
        crate::api::labour::bases,
        crate::api::labour::save_base,
        crate::api::labour::export,
        crate::api::labour::import,
        crate::api::labour::projects,
        crate::api::labour::post_project,
        crate::api::labour::matches,
        crate::api::recycling::pilots,
        crate::api::recycling::figures,
        crate::api::recycling::save_pilot,
        crate::api::recycling::export,
        crate::api::recycling::import,
        crate::api::targets::list,
        crate::api::targets::edit,
        crate::api::returns::list,
        crate::api::returns::get,
        crate::api::returns::save_draft,
        crate::api::returns::file,
        crate::api::returns::send_back,
        crate::api::returns::accept,
        crate::api::returns::revise,
        crate::api::returns::template,
        crate::api::returns::import,
        crate::api::returns::export_xlsx,
        crate::api::returns::export_csv,
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
        (name = "farm_trade", description = "农产品购销对接: sell and buy offers for catalogue products, matches nearest first with reasons, deals"),
        (name = "distributors", description = "农产品批发市场和流通企业: the register of wholesale markets and distribution enterprises, pilots, counts by province and region, pilot programmes' terms by region"),
        (name = "rural", description = "农村商务信息服务站点: stations in central and western townships, assistants, farmers trained, coverage"),
        (name = "logistics", description = "物流通道 (measure 6): the road, rail and river network, zones' best routes to the ports, the ministry's edits"),
        (name = "outsourcing", description = "服务外包基地 (measure 7): designated bases and their capacity, offshore-outsourcing demand matched to bases"),
        (name = "labour", description = "劳务合作 (measure 8): labour-export bases, overseas contracting projects looking for workers, matches"),
        (name = "recycling", description = "再生资源回收试点 (measure 9): pilot cities and zones, volumes by material, funded projects, energy saved"),
        (name = "targets", description = "The programme's targets (the 2006 notice's figures) with their progress computed from the records"),
        (name = "returns", description = "统计直报: zones' half-year and annual returns, checks, review by the province, versions, Excel template in and out"),
        (name = "operations", description = "Health and readiness"),
    ),
    modifiers(&BearerScheme, &ErrorAnswers)
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

/// Documents the answers every operation of a kind can give, so a generated client knows
/// them: 401 and 403 where a bearer token is taken (a missing or bad token, a token without
/// the right), 400 where a query string, path or body is parsed (a refusal names the field),
/// and 404 where the path names a record. Each is a problem document.
struct ErrorAnswers;

impl ErrorAnswers {
    fn problem(description: &str) -> utoipa::openapi::RefOr<utoipa::openapi::Response> {
        use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
        ResponseBuilder::new()
            .description(description)
            .content(
                "application/problem+json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("Problem")))
                    .build(),
            )
            .build()
            .into()
    }
}

impl utoipa::Modify for ErrorAnswers {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::path::ParameterIn;
        for (path, item) in doc.paths.paths.iter_mut() {
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ];
            for op in operations.into_iter().flatten() {
                let bearer = op.security.iter().flatten().any(|requirement| {
                    serde_json::to_value(requirement).is_ok_and(|v| v.get("bearer").is_some())
                });
                let parameters = op.parameters.iter().flatten();
                let parsed = op.request_body.is_some() || parameters.clone().next().is_some();
                let in_path = parameters
                    .clone()
                    .any(|p| matches!(p.parameter_in, ParameterIn::Path));
                let responses = &mut op.responses.responses;
                let mut add = |status: &str, description: &str| {
                    responses
                        .entry(status.to_owned())
                        .or_insert_with(|| ErrorAnswers::problem(description));
                };
                if parsed {
                    add(
                        "400",
                        "A parameter or the body is invalid (the field is named)",
                    );
                }
                if bearer {
                    add("401", "No valid API token (Authorization: Bearer gw_…)");
                    add("403", "The token's account may not do this");
                }
                if in_path || path.contains('{') {
                    add("404", "No such record, or not one this token may see");
                }
            }
        }
    }
}

pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
