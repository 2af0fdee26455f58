//! The back office: signing in, the second factor, the console and what each role does
//! there. Every handler takes a [`Signed`] session (or serves the sign-in itself), checks
//! the form's CSRF token, and asks the actor for the permission handle it needs.

mod account;
mod approvals;
mod audit;
mod cooperation;
mod cooperation_new;
mod cooperation_park;
mod dashboard;
mod demand_form;
mod demands;
mod distributors;
mod enterprise;
mod events;
mod farm_trade;
mod funds;
mod funds_form;
mod funds_programme;
mod funds_record;
mod login;
mod logistics;
mod matches;
mod pipeline;
mod pipeline_lists;
mod pipeline_new;
mod pipeline_record;
mod prices;
mod project_form;
mod projects;
mod registration;
mod reset;
mod returns;
mod rural;
mod signed;
mod targets;
mod todos;
mod tokens;
mod training;
mod training_classes;
mod training_managers;
mod transfer;
mod users;
mod zone_choice;
mod zone_profile;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use gowest_app::App;

/// Times are stored in UTC and shown in China Standard Time (UTC+8, no daylight saving).
pub(crate) fn beijing() -> chrono::FixedOffset {
    chrono::FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

pub fn routes() -> Router<App> {
    Router::new()
        .route("/login", get(login::form).post(login::submit))
        .route("/logout", post(login::logout))
        .route(
            "/login/second-factor",
            get(login::second_factor_form).post(login::second_factor_submit),
        )
        .route(
            "/register",
            get(registration::form).post(registration::submit),
        )
        .route(
            "/account/password",
            get(account::password_form).post(account::password_submit),
        )
        .route("/account/organisation", post(account::switch_organisation))
        .route(
            "/account/second-factor",
            get(login::account_totp_form).post(login::account_totp_submit),
        )
        .route("/console", get(dashboard::dashboard))
        .route("/console/todos", get(todos::list))
        .route("/console/targets", get(targets::show))
        .route("/console/targets.xlsx", get(targets::export))
        .route("/console/targets/{code}", post(targets::save))
        .route("/console/zone", get(zone_profile::own_zone))
        .route(
            "/console/zones/{id}",
            get(zone_profile::form).post(zone_profile::submit),
        )
        .route(
            "/console/enterprise",
            get(enterprise::form).post(enterprise::submit),
        )
        .route("/console/demands", get(demands::list))
        .route(
            "/console/demands/new",
            get(demand_form::new_form).post(demand_form::create),
        )
        .route(
            "/console/demands/{id}",
            get(demand_form::edit_form).post(demand_form::update),
        )
        .route("/console/demands/{id}/status", post(demands::set_status))
        .route("/console/projects", get(projects::list))
        .route("/console/projects/export.xlsx", get(projects::export))
        .route(
            "/console/projects/import",
            post(projects::import).layer(DefaultBodyLimit::max(crate::upload::BODY_LIMIT)),
        )
        .route(
            "/console/projects/new",
            get(project_form::new_form).post(project_form::create),
        )
        .route(
            "/console/projects/{id}",
            get(project_form::edit_form).post(project_form::update),
        )
        .route("/console/matches", get(matches::list))
        .merge(pipeline_routes())
        .merge(funds_routes())
        .merge(events_routes())
        .merge(cooperation_routes())
        .merge(training_routes())
        .merge(prices_routes())
        .merge(farm_trade_routes())
        .merge(rural_routes())
        .merge(distributors_routes())
        .merge(returns_routes())
        .route("/console/approvals", get(approvals::list))
        .route("/console/approvals/{id}", post(approvals::decide))
        .route("/console/audit", get(audit::list))
        .route("/console/audit/export.xlsx", get(audit::export))
        .route("/console/audit/checkpoint", post(audit::checkpoint))
        .route("/console/audit/verify", post(audit::verify))
        .route("/console/users", get(users::list).post(users::create))
        .route("/console/users/{id}/reset", post(users::reset))
        .route("/console/users/{id}/disable", post(users::disable))
        .route("/console/users/{id}/enable", post(users::enable))
        .route("/console/grants/{id}", post(users::decide_grant))
        .route("/console/password-rules", post(users::password_rules))
        .route("/reset/{token}", get(reset::form).post(reset::submit))
        .route("/console/organisations", post(users::create_organisation))
        .route("/console/tokens", get(tokens::list).post(tokens::create))
        .route("/console/tokens/{id}/revoke", post(tokens::revoke))
}

fn pipeline_routes() -> Router<App> {
    use pipeline as p;
    use pipeline_lists as l;
    use pipeline_record as r;
    Router::new()
        .route("/console/pipeline", get(p::board))
        .route("/console/pipeline/export.xlsx", get(p::export))
        .route("/console/pipeline/import", post(p::import))
        .route(
            "/console/pipeline/new",
            get(pipeline_new::new_form).post(pipeline_new::create),
        )
        .route("/console/pipeline/figures", get(l::figures))
        .route("/console/pipeline/figures.xlsx", get(l::figures_export))
        .route("/console/pipeline/review", get(l::review_queue))
        .route("/console/pipeline/problems", get(l::problems))
        .route("/console/pipeline/problems/{id}/resolve", post(l::resolve))
        .route("/console/pipeline/{id}", get(r::show))
        .route("/console/pipeline/{id}/advance", post(r::advance))
        .route("/console/pipeline/{id}/funds", post(r::funds))
        .route("/console/pipeline/{id}/problems", post(r::raise))
        .route("/console/pipeline/{id}/review", post(l::decide))
        .route("/console/pipeline/{id}/signings", post(r::signing))
        .route("/console/pipeline/{id}/jobs", post(r::jobs))
        .route(
            "/console/pipeline/{id}/funds/{funds_id}/evidence",
            get(r::evidence).post(r::attach_evidence),
        )
        // Evidence files up to 10 MB and the import's spreadsheet (crate::upload), with the
        // form around them.
        .layer(DefaultBodyLimit::max(crate::upload::BODY_LIMIT))
}

fn funds_routes() -> Router<App> {
    use funds as f;
    use funds_form as form;
    use funds_record as r;
    Router::new()
        .route("/console/funds", get(f::list))
        .route("/console/funds/export.xlsx", get(f::export))
        .route("/console/funds/batch", post(f::batch))
        .route("/console/funds/dashboard", get(f::dashboard))
        .route("/console/funds/pools.xlsx", get(f::pools_export))
        .route("/console/funds/new", get(form::new_form).post(form::create))
        .route("/console/funds/preview/{id}", post(form::preview))
        .route("/console/funds/programmes/{id}/allocate", post(r::allocate))
        .route(
            "/console/funds/programmes/{id}",
            get(funds_programme::show).post(funds_programme::save),
        )
        .route("/console/funds/{id}", get(r::show))
        .route(
            "/console/funds/{id}/edit",
            get(form::edit_form).post(form::update),
        )
        .route("/console/funds/{id}/act", post(r::act))
        .route("/console/funds/{id}/version", post(r::new_version))
        .route("/console/funds/{id}/files/{file}", get(r::attachment))
        // Evidence files are held to their own limit (10 MB, named in the refusal); the body
        // may carry an upload's cap, so the file's own check is what an over-sized one meets.
        .layer(DefaultBodyLimit::max(crate::upload::BODY_LIMIT))
}

fn events_routes() -> Router<App> {
    use events as e;
    Router::new()
        .route("/console/events", get(e::list))
        .route("/console/events/new", get(e::new_form).post(e::create))
        .route("/console/events/{id}", get(e::show))
        .route("/console/events/{id}/register", post(e::register))
        .route("/console/events/{id}/requests", post(e::request))
        .route("/console/events/{id}/withdraw", post(e::withdraw))
        .route("/console/events/{id}/organiser/open", post(e::set_open))
        .route("/console/events/{id}/agenda.ics", get(e::agenda_ics))
        .route("/console/events/{id}/organiser", get(e::organiser))
        .route(
            "/console/events/{id}/organiser/registrations.xlsx",
            get(e::registrations_export),
        )
        .route(
            "/console/events/{id}/organiser/registrations/{registration_id}",
            post(e::decide),
        )
        .route(
            "/console/events/{id}/organiser/schedule",
            post(e::run_schedule),
        )
}

fn returns_routes() -> Router<App> {
    use returns as r;
    Router::new()
        .route("/console/returns", get(r::list))
        .route("/console/returns/template.xlsx", get(r::template))
        .route("/console/returns/export.xlsx", get(r::export_xlsx))
        .route("/console/returns/export.csv", get(r::export_csv))
        .route(
            "/console/returns/import",
            post(r::import).layer(DefaultBodyLimit::max(crate::upload::BODY_LIMIT)),
        )
        .route(
            "/console/returns/{zone_id}/{period}",
            get(r::show).post(r::save),
        )
        .route("/console/returns/v/{id}/return", post(r::send_back))
        .route("/console/returns/v/{id}/accept", post(r::accept))
        .route("/console/returns/v/{id}/revise", post(r::revise))
}

fn cooperation_routes() -> Router<App> {
    use cooperation as c;
    Router::new()
        .route("/console/logistics", get(logistics::show))
        .route("/console/logistics/links", post(logistics::add))
        .route(
            "/console/logistics/clearance",
            post(logistics::add_clearance),
        )
        .route("/console/logistics/links/{id}", post(logistics::update))
        .route(
            "/console/logistics/links/{id}/delete",
            post(logistics::delete),
        )
        .route("/console/agreements", get(c::register))
        .route("/console/agreements/export.xlsx", get(c::export))
        .route(
            "/console/agreements/new",
            get(cooperation_new::new_agreement).post(cooperation_new::create_agreement),
        )
        .route("/console/agreements/{id}", get(c::show))
        .route(
            "/console/agreements/{id}/enterprises",
            post(c::link_enterprise),
        )
        .route(
            "/console/parks/new",
            get(cooperation_new::new_park).post(cooperation_new::create_park),
        )
        .route("/console/parks/{id}", get(cooperation_park::show))
        .route("/console/parks/{id}/sharing", post(cooperation_park::book))
        .route(
            "/console/parks/{id}/enterprises",
            post(cooperation_park::link_enterprise),
        )
        .route("/console/agreements/{id}/projects", post(c::link_project))
        .route(
            "/console/agreements/{id}/milestones",
            post(c::add_milestone),
        )
        .route(
            "/console/agreements/{id}/milestones/{milestone_id}",
            post(c::update_milestone),
        )
}

fn training_routes() -> Router<App> {
    use training as t;
    Router::new()
        .route("/console/training", get(t::show))
        .route("/console/training/plan", post(t::save_plan))
        .route("/console/training/plan-step", post(t::step))
        .route("/console/training/roster", post(t::import))
        .route("/console/training/roster/{id}", get(t::job))
        .route("/console/training/export/{format}", get(t::export))
        .route("/console/training/subsidy", post(t::claim))
        .route("/console/training/quotas", post(t::set_quotas))
        .route("/console/training/managers", get(training_managers::show))
        .route(
            "/console/training/managers/courses",
            post(training_managers::offer),
        )
        .route(
            "/console/training/managers/enrol",
            post(training_managers::enrol),
        )
        .route(
            "/console/training/managers/attendance",
            post(training_managers::attendance),
        )
        .route("/console/training/classes", get(training_classes::show))
        .route(
            "/console/training/classes/surveys",
            post(training_classes::open),
        )
        .route(
            "/console/training/classes/demand",
            post(training_classes::demand),
        )
        .route(
            "/console/training/classes/plan",
            post(training_classes::plan),
        )
        .route(
            "/console/training/classes/enrol",
            post(training_classes::enrol),
        )
        .route(
            "/console/training/classes/completion",
            post(training_classes::complete),
        )
        // The upload's spreadsheet at its cap, with the form around it (crate::upload).
        .layer(DefaultBodyLimit::max(crate::upload::BODY_LIMIT))
}

fn prices_routes() -> Router<App> {
    use prices as p;
    Router::new()
        .route("/console/prices", get(p::show))
        .route("/console/prices/report", post(p::report))
        .route("/console/prices/upload", post(p::upload))
        .route("/console/prices/{name}", get(p::template))
        // The upload's spreadsheet at its cap, with the form around it (crate::upload).
        .layer(DefaultBodyLimit::max(crate::upload::BODY_LIMIT))
}

fn distributors_routes() -> Router<App> {
    Router::new()
        .route(
            "/console/distributors",
            get(distributors::show).post(distributors::create),
        )
        .route("/console/distributors/upload", post(distributors::upload))
        .route(
            "/console/distributors/markets",
            post(distributors::create_market),
        )
        // The upload's spreadsheet at its cap, with the form around it (crate::upload).
        .layer(DefaultBodyLimit::max(crate::upload::BODY_LIMIT))
}

fn farm_trade_routes() -> Router<App> {
    Router::new()
        .route("/console/farm-trade", get(farm_trade::show))
        .route("/console/farm-trade/offers", post(farm_trade::post_offer))
        .route("/console/farm-trade/deals", post(farm_trade::record_deal))
        .route("/console/farm-trade/upload", post(farm_trade::upload))
        .route("/console/farm-trade/{name}", get(farm_trade::file))
        // The upload's spreadsheet at its cap, with the form around it (crate::upload).
        .layer(DefaultBodyLimit::max(crate::upload::BODY_LIMIT))
}

fn rural_routes() -> Router<App> {
    Router::new()
        .route("/console/rural", get(rural::show))
        .route("/console/rural/stations", post(rural::register))
        .route("/console/rural/upload", post(rural::upload))
        .route("/console/rural/{name}", get(rural::file))
        // The upload's spreadsheet at its cap, with the form around it (crate::upload).
        .layer(DefaultBodyLimit::max(crate::upload::BODY_LIMIT))
}

/// What a refused request's audit row needs, kept as cheap clones (shared bytes) of the
/// method, URI, the three headers it reads and the peer: every request passes here, and all
/// but a few are answered without a 403.
pub(crate) struct RefusalWitness(Option<axum::http::Request<()>>);

impl RefusalWitness {
    pub(crate) fn of(request: &axum::extract::Request) -> RefusalWitness {
        use axum::http::header::{AUTHORIZATION, COOKIE};
        let mut kept = axum::http::Request::builder()
            .method(request.method().clone())
            .uri(request.uri().clone());
        for name in [COOKIE, AUTHORIZATION] {
            for value in request.headers().get_all(&name) {
                kept = kept.header(&name, value.clone());
            }
        }
        for value in request.headers().get_all("x-forwarded-for") {
            kept = kept.header("x-forwarded-for", value.clone());
        }
        if let Some(peer) = request
            .extensions()
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        {
            kept = kept.extension(*peer);
        }
        if let Some(settings) = request
            .extensions()
            .get::<std::sync::Arc<crate::WebSettings>>()
        {
            kept = kept.extension(std::sync::Arc::clone(settings));
        }
        RefusalWitness(kept.body(()).ok())
    }

    /// Audits the request when its answer (`status`) is a 403 (`request.forbidden`): who (session or
    /// token), from where, what was asked.
    pub(crate) async fn audit(self, app: &App, status: axum::http::StatusCode) {
        use axum::http::header::AUTHORIZATION;
        use axum_extra::extract::cookie::CookieJar;
        if status != axum::http::StatusCode::FORBIDDEN {
            return;
        }
        let Some(witness) = self.0 else {
            return;
        };
        let (parts, ()) = witness.into_parts();
        let ip = crate::client::client_ip(&parts);
        let session = CookieJar::from_headers(&parts.headers)
            .get(signed::SESSION_COOKIE)
            .map(|c| c.value().to_owned());
        let bearer = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::to_owned);
        let asked = format!("{} {}", parts.method, parts.uri.path());
        let refusal = gowest_app::accounts::Refusal {
            session: session.as_deref(),
            bearer: bearer.as_deref(),
            ip,
            asked: &asked,
        };
        if let Err(error) = app.audit_refusal(refusal).await {
            tracing::error!(%error, "refused request not audited");
        }
    }
}

/// Refused fields as the console's forms list them: the field and its message in the
/// reader's language.
pub(crate) fn field_messages(
    lang: crate::pages::ctx::Lang,
    refused: &[gowest_domain::FieldError],
) -> Vec<(String, String)> {
    refused
        .iter()
        .map(|e| {
            let message = lang.pick(&e.message_zh, &e.message_en);
            (e.field.clone(), message.to_owned())
        })
        .collect()
}

/// What a refused form or file lists beside it, one line a problem (`field: message`,
/// or a sheet's row and column); `None` when the failure is not the user's input.
pub(crate) fn refusal_lines(
    e: &gowest_app::AppError,
    lang: crate::pages::ctx::Lang,
) -> Option<Vec<String>> {
    use gowest_app::AppError;
    match e {
        AppError::RowsRejected(rows) => Some(rows.iter().map(|r| r.to_string()).collect()),
        AppError::Invalid(v) => Some(
            field_messages(lang, &v.0)
                .into_iter()
                .map(|(field, message)| format!("{field}: {message}"))
                .collect(),
        ),
        AppError::File(message) => Some(vec![message.clone()]),
        AppError::TooLarge(refused) => Some(vec![refused.to_string()]),
        _ => None,
    }
}

/// A form page shown again beside its refusal answers 400; if showing it failed, that
/// failure's own answer stands.
pub(crate) fn refused(page: axum::response::Response) -> axum::response::Response {
    use axum::response::IntoResponse;
    if page.status().is_success() {
        (axum::http::StatusCode::BAD_REQUEST, page).into_response()
    } else {
        page
    }
}
