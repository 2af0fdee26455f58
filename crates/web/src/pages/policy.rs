//! `/policy`: the 2006 notice itself, with an English summary of its ten measures.

use super::ctx::{Ctx, Frame, Lang};
use super::notice::{MEASURES, Measure, NOTICE, NUMBER, Notice};
use askama::Template;
use askama_web::WebTemplate;

#[derive(Template, WebTemplate)]
#[template(path = "policy.html")]
pub struct PolicyPage {
    lang: Lang,
    frame: Frame,
    notice: &'static Notice,
    number: &'static str,
    measures: &'static [Measure],
}

pub async fn policy(ctx: Ctx) -> PolicyPage {
    PolicyPage {
        lang: ctx.lang,
        frame: ctx.frame("policy"),
        notice: &NOTICE,
        number: NUMBER,
        measures: &MEASURES,
    }
}
