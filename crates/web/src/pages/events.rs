//! `/events`: the investment-promotion events (中博会 editions, events in China, east-bound
//! and abroad trips), public; `/events/{id}`: one event, with the way to register (in the
//! console, signed in as an enterprise or a zone).

use super::ctx::{Ctx, Frame, Lang};
use super::error::not_found;
use crate::pages::error::PageError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use gowest_app::App;
use gowest_domain::events::EventProgramme;

#[derive(Template, WebTemplate)]
#[template(path = "events.html")]
struct ListPage {
    lang: Lang,
    frame: Frame,
    events: Vec<EventProgramme>,
}

pub async fn list(State(app): State<App>, ctx: Ctx) -> Response {
    match app.events().await {
        Ok(events) => ListPage {
            lang: ctx.lang,
            frame: ctx.frame("events"),
            events,
        }
        .into_response(),
        Err(e) => PageError::new(&ctx, e).into_response(),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "event.html")]
struct EventPage {
    lang: Lang,
    frame: Frame,
    e: EventProgramme,
    first_slot: String,
    last_slot: String,
    signed_projects: usize,
}

pub async fn show(State(app): State<App>, ctx: Ctx, Path(raw): Path<String>) -> Response {
    let Ok(id) = raw.parse::<i64>() else {
        return not_found(&ctx);
    };
    let loaded = async {
        let e = app.event(id).await?;
        let signed = app.event_signed_projects(id).await?.len();
        Ok::<_, gowest_app::AppError>((e, signed))
    };
    match loaded.await {
        Ok((e, signed_projects)) => EventPage {
            lang: ctx.lang,
            frame: ctx.frame("events"),
            first_slot: e.slot_label(0),
            last_slot: e.slot_label(e.slots.saturating_sub(1)),
            signed_projects,
            e,
        }
        .into_response(),
        Err(e) => PageError::new(&ctx, e).into_response(),
    }
}
