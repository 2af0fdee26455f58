//! `/funds`: the public list of funded items (资金支持项目公示): every approved, bank-approved
//! or paid application, with its programme, applicant and amounts; `/funds.xlsx` downloads it.

use super::ctx::{Ctx, Frame, Lang};
use super::error::PageError;
use super::format::yuan;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use gowest_app::App;
use gowest_app::funds::FundedItem;
use serde::Deserialize;

#[derive(Template, WebTemplate)]
#[template(path = "funds_public.html")]
struct FundsPage {
    lang: Lang,
    frame: Frame,
    programmes: Vec<(i64, String)>,
    programme: Option<i64>,
    rows: Vec<(FundedItem, String, String, String)>,
    total: String,
}

impl FundsPage {
    fn is_programme(&self, id: &i64) -> bool {
        self.programme == Some(*id)
    }
}

#[derive(Deserialize, Default)]
pub struct FundsQuery {
    programme: Option<String>,
}

fn programme_of(q: &FundsQuery) -> Option<i64> {
    q.programme.as_deref().and_then(|p| p.trim().parse().ok())
}

pub async fn list(
    State(app): State<App>,
    ctx: Ctx,
    query: Result<Query<FundsQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let lang = ctx.lang;
    let q = query.map(|Query(q)| q).unwrap_or_default();
    let (programmes, items) = match (
        app.fund_programmes().await,
        app.funded_items(programme_of(&q)).await,
    ) {
        (Ok(p), Ok(i)) => (p, i),
        (Err(e), _) | (_, Err(e)) => return PageError::new(&ctx, e).into_response(),
    };
    let directory = app.directory();
    let total = gowest_domain::money::Fen(items.iter().map(|i| i.granted.0).sum());
    FundsPage {
        lang,
        frame: ctx.frame(""),
        programmes: programmes
            .iter()
            .map(|p| {
                (
                    p.programme.id,
                    lang.or_zh(&p.programme.name_zh, Some(&p.programme.name_en))
                        .to_owned(),
                )
            })
            .collect(),
        programme: programme_of(&q),
        rows: items
            .into_iter()
            .map(|i| {
                let province = gowest_domain::region::ProvinceCode::parse(&i.province_code)
                    .and_then(|c| {
                        directory
                            .catalog
                            .province(&c)
                            .map(|p| lang.or_zh(&p.name_zh, Some(&p.name_en)).to_owned())
                    })
                    .unwrap_or_default();
                let (granted, disbursed) = (yuan(i.granted), yuan(i.disbursed));
                (i, province, granted, disbursed)
            })
            .collect(),
        total: yuan(total),
    }
    .into_response()
}

pub async fn export(
    State(app): State<App>,
    ctx: Ctx,
    query: Result<Query<FundsQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let q = query.map(|Query(q)| q).unwrap_or_default();
    match app
        .funded_items(programme_of(&q))
        .await
        .and_then(|items| gowest_app::funds_sheet::funded_xlsx(&items))
    {
        Ok(bytes) => crate::download::file(bytes, "funded-items.xlsx", None),
        Err(e) => PageError::new(&ctx, e).into_response(),
    }
}
