//! `/console/demands/new` and `/console/demands/{id}`: the relocation demand form, with the
//! ports and regions as ticks and the matching weights folded away.

use super::signed::{CsrfForm, Id, Nav, Signed};
use super::transfer::{Control, Field, FieldsOf, listed, plain};
use crate::pages::choices::{Opt, OptGroup, industry_groups};
use crate::pages::ctx::{Frame, Lang};
use crate::pages::error::PageError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gowest_app::{App, AppError};
use gowest_domain::FieldError;
use gowest_domain::demand::DemandInput;
use gowest_domain::matching::{Factor, Weights};
use gowest_domain::port::PortKind;
use gowest_domain::region::Region;

#[derive(Template, WebTemplate)]
#[template(path = "console/demand_form.html")]
struct DemandFormPage {
    lang: Lang,
    frame: Frame,
    nav: Nav,
    /// `None` for a new demand.
    id: Option<i64>,
    fields: Vec<Field>,
    weights: Vec<Field>,
    /// The weights section starts open when it holds values or errors.
    weights_open: bool,
    other_errors: Vec<String>,
    has_errors: bool,
}

fn port_groups(app: &App, chosen: &str, lang: Lang) -> Vec<OptGroup> {
    let chosen = listed(chosen);
    let catalog = &app.directory().catalog;
    [
        (PortKind::Sea, "海港", "Seaports"),
        (PortKind::River, "内河港口", "River ports"),
    ]
    .into_iter()
    .map(|(kind, zh, en)| OptGroup {
        label: lang.pick(zh, en).to_owned(),
        options: catalog
            .ports
            .iter()
            .filter(|p| p.kind == kind)
            .map(|p| Opt {
                value: p.name_zh.clone(),
                label: lang.pick(&p.name_zh, &p.name_en).to_owned(),
                selected: chosen.contains(&p.name_zh.as_str()),
            })
            .collect(),
    })
    .collect()
}

fn region_group(chosen: &str, lang: Lang) -> Vec<OptGroup> {
    let chosen = listed(chosen);
    let options = [
        Region::Central,
        Region::West,
        Region::East,
        Region::Northeast,
    ]
    .into_iter()
    .map(|r| Opt {
        value: r.code().to_owned(),
        label: lang.pick(r.name_zh(), r.name_en()).to_owned(),
        selected: chosen
            .iter()
            .any(|c| *c == r.code() || c.trim_end_matches("地区") == r.name_zh()),
    })
    .collect();
    vec![OptGroup {
        label: String::new(),
        options,
    }]
}

fn render(
    app: &App,
    signed: &Signed,
    id: Option<i64>,
    input: &DemandInput,
    errors: &[FieldError],
) -> DemandFormPage {
    let lang = signed.ctx.lang;
    let of = FieldsOf { lang, errors };
    let mut industries = industry_groups(&app.directory().catalog, &input.industry, lang);
    industries.insert(0, plain(lang, &input.industry, []));
    let fields = vec![
        of.field("title", ("意向标题", "Title"), &input.title, Control::Text),
        of.field(
            "industry",
            ("所属行业", "Industry"),
            &input.industry,
            Control::Select(industries),
        ),
        of.field(
            "investment_yuan",
            ("计划投资额（元）", "Planned investment (yuan)"),
            &input.investment_yuan,
            Control::Text,
        ),
        of.field(
            "land_mu",
            ("用地需求（亩）", "Land needed (mu)"),
            &input.land_mu,
            Control::Text,
        ),
        of.field(
            "workforce",
            ("用工需求（人）", "Workers needed"),
            &input.workforce,
            Control::Text,
        ),
        of.field(
            "skills",
            ("技能要求（以分号分隔）", "Skills (separated by ;)"),
            &input.skills,
            Control::Text,
        ),
        of.field(
            "power_kva",
            ("用电负荷（千伏安）", "Power load (kVA)"),
            &input.power_kva,
            Control::Text,
        ),
        of.field(
            "water_tonnes_per_day",
            ("日用水量（吨）", "Water (tonnes per day)"),
            &input.water_tonnes_per_day,
            Control::Text,
        ),
        of.field(
            "start_by",
            ("计划投产时间", "Start of production"),
            &input.start_by,
            Control::Month,
        ),
        of.field(
            "ports",
            ("出货港口（最多5个）", "Ports it ships through (up to 5)"),
            &input.ports,
            Control::Checks(port_groups(app, &input.ports, lang)),
        ),
        of.field(
            "preferred_regions",
            (
                "意向地区（不选为不限）",
                "Preferred regions (none: anywhere)",
            ),
            &input.preferred_regions,
            Control::Checks(region_group(&input.preferred_regions, lang)),
        ),
        of.field(
            "description",
            ("补充说明", "Description"),
            &input.description,
            Control::Paragraph,
        ),
    ];
    // The weights by field name, read through the input's own serialisation.
    let typed = serde_json::to_value(input).unwrap_or_default();
    let weights: Vec<Field> = Factor::ALL
        .into_iter()
        .map(|factor| {
            let name = format!("weight_{}", factor.code());
            let value = typed.get(&name).and_then(|v| v.as_str()).unwrap_or("");
            let mut field = of.field(
                &name,
                (factor.name_zh(), factor.name_en()),
                value,
                Control::Text,
            );
            field.placeholder = Weights::MINISTRY_DEFAULT.get(factor).to_string();
            field
        })
        .collect();
    let weights_open = weights
        .iter()
        .any(|w| !w.value.trim().is_empty() || w.error.is_some())
        || errors.iter().any(|e| e.field == "weights");
    let other_errors = of.unplaced(&fields.iter().chain(&weights).collect::<Vec<_>>());
    DemandFormPage {
        lang,
        frame: signed.ctx.frame(""),
        nav: signed.nav("demands"),
        id,
        fields,
        weights,
        weights_open,
        other_errors,
        has_errors: !errors.is_empty(),
    }
}

/// The form's fields as a [`DemandInput`]; the checkbox lists arrive as one pair per
/// ticked box and are joined as the input's `;`-separated lists.
fn parse(pairs: Vec<(String, String)>) -> DemandInput {
    let mut fields = serde_json::Map::new();
    for (key, value) in pairs {
        if key == "csrf" {
            continue;
        }
        match fields.get_mut(&key) {
            Some(serde_json::Value::String(joined)) => {
                joined.push(';');
                joined.push_str(&value);
            }
            _ => {
                fields.insert(key, serde_json::Value::String(value));
            }
        }
    }
    // Every field of the input is a string, so only unknown keys could differ: they are ignored.
    serde_json::from_value(serde_json::Value::Object(fields)).unwrap_or_default()
}

pub async fn new_form(State(app): State<App>, signed: Signed) -> Response {
    let Some(agent) = signed.session.actor.enterprise_agent() else {
        return signed.forbidden();
    };
    match app.my_enterprise(&agent).await {
        Ok(Some(_)) => render(&app, &signed, None, &DemandInput::default(), &[]).into_response(),
        // The list says why a profile comes first, and links to it.
        Ok(None) => Redirect::to("/console/demands").into_response(),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

pub async fn edit_form(State(app): State<App>, signed: Signed, Id(id): Id) -> Response {
    let Some(agent) = signed.session.actor.enterprise_agent() else {
        return signed.forbidden();
    };
    match app.demand_form(&agent, id).await {
        Ok(input) => render(&app, &signed, Some(id), &input, &[]).into_response(),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

async fn save(
    app: &App,
    signed: &Signed,
    id: Option<i64>,
    pairs: Vec<(String, String)>,
) -> Response {
    let Some(agent) = signed.session.actor.enterprise_agent() else {
        return signed.forbidden();
    };
    let input = parse(pairs);
    let ctx = signed.context();
    let outcome = match id {
        None => app.create_demand(&agent, &ctx, input.clone()).await,
        Some(id) => app.update_demand(&agent, &ctx, id, input.clone()).await,
    };
    match outcome {
        Ok(_) => {
            let notice = if id.is_some() { "saved" } else { "created" };
            Redirect::to(&format!("/console/demands?notice={notice}")).into_response()
        }
        Err(AppError::Invalid(v)) => (
            StatusCode::BAD_REQUEST,
            render(app, signed, id, &input, &v.0),
        )
            .into_response(),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

pub async fn create(
    State(app): State<App>,
    CsrfForm(signed, pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    save(&app, &signed, None, pairs).await
}

pub async fn update(
    State(app): State<App>,
    Id(id): Id,
    CsrfForm(signed, pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    save(&app, &signed, Some(id), pairs).await
}
