//! A trainee of the technician programme: who (name and 身份证号), what (occupation and
//! course), and the outcome (exam result, 职业资格证书 number and level).

use crate::error::{FieldError, Validation};
use crate::ids::{IdError, ResidentId};
use crate::input::{choice, date, required_text, text};
use chrono::NaiveDate;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use utoipa::ToSchema;

/// An occupation of the programme (from the 国家职业分类大典), by code and names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct Occupation {
    pub code: &'static str,
    pub name_zh: &'static str,
    pub name_en: &'static str,
    /// The GB/T 4754 manufacturing divisions whose plants employ the trade, so that matching
    /// counts a zone's technicians for the industries that can hire them.
    #[serde(skip)]
    pub divisions: &'static [u8],
}

/// Metal-working trades: metal products, general and special equipment, vehicles, other
/// transport equipment, electrical machinery, instruments (GB/T 4754 divisions 33–38, 40).
const MACHINING: &[u8] = &[33, 34, 35, 36, 37, 38, 40];

/// The occupations zones train technicians for; a roster naming any other is refused.
pub const OCCUPATIONS: &[Occupation] = &[
    Occupation {
        code: "6-04-01-01",
        name_zh: "车工",
        name_en: "Lathe operator",
        divisions: MACHINING,
    },
    Occupation {
        code: "6-04-01-02",
        name_zh: "铣工",
        name_en: "Milling operator",
        divisions: MACHINING,
    },
    Occupation {
        code: "6-05-02-01",
        name_zh: "钳工",
        name_en: "Fitter",
        divisions: MACHINING,
    },
    Occupation {
        code: "6-04-02-01",
        name_zh: "焊工",
        name_en: "Welder",
        divisions: &[33, 34, 35, 36, 37, 38],
    },
    Occupation {
        code: "6-07-06-05",
        name_zh: "维修电工",
        name_en: "Maintenance electrician",
        divisions: &[26, 33, 34, 35, 36, 37, 38, 39],
    },
    Occupation {
        code: "6-04-01-08",
        name_zh: "数控车工",
        name_en: "CNC lathe operator",
        divisions: MACHINING,
    },
    Occupation {
        code: "6-07-01-01",
        name_zh: "机修钳工",
        name_en: "Maintenance fitter",
        divisions: MACHINING,
    },
    Occupation {
        code: "6-08-04-02",
        name_zh: "电子设备装接工",
        name_en: "Electronics assembler",
        divisions: &[38, 39, 40],
    },
    Occupation {
        code: "6-06-01-01",
        name_zh: "汽车修理工",
        name_en: "Motor mechanic",
        divisions: &[36],
    },
    Occupation {
        code: "6-13-01-01",
        name_zh: "纺织纺纱工",
        name_en: "Spinner",
        divisions: &[17, 18],
    },
    Occupation {
        code: "6-03-01-01",
        name_zh: "化工操作工",
        name_en: "Chemical process operator",
        divisions: &[26, 27, 28, 29],
    },
    Occupation {
        code: "6-26-01-01",
        name_zh: "食品加工工",
        name_en: "Food processing worker",
        divisions: &[13, 14, 15],
    },
];

/// The occupation given by code or Chinese name.
pub fn occupation(raw: &str) -> Option<&'static Occupation> {
    let raw = raw.trim();
    OCCUPATIONS
        .iter()
        .find(|o| o.code == raw || o.name_zh == raw)
}

/// 国家职业资格 levels, 五级 (初级工) to 一级 (高级技师).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum CertificateLevel {
    Junior,
    Intermediate,
    Senior,
    Technician,
    SeniorTechnician,
}

impl CertificateLevel {
    pub const ALL: [CertificateLevel; 5] = [
        CertificateLevel::Junior,
        CertificateLevel::Intermediate,
        CertificateLevel::Senior,
        CertificateLevel::Technician,
        CertificateLevel::SeniorTechnician,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CertificateLevel::Junior => "junior",
            CertificateLevel::Intermediate => "intermediate",
            CertificateLevel::Senior => "senior",
            CertificateLevel::Technician => "technician",
            CertificateLevel::SeniorTechnician => "senior_technician",
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            CertificateLevel::Junior => "初级工（五级）",
            CertificateLevel::Intermediate => "中级工（四级）",
            CertificateLevel::Senior => "高级工（三级）",
            CertificateLevel::Technician => "技师（二级）",
            CertificateLevel::SeniorTechnician => "高级技师（一级）",
        }
    }

    /// By code, Chinese name, short name (初级, 技师 …) or grade (五级 … 一级, 5 … 1).
    pub fn parse(raw: &str) -> Option<CertificateLevel> {
        let raw = raw.trim();
        CertificateLevel::ALL.into_iter().find(|l| {
            let (short, grade, digit) = match l {
                CertificateLevel::Junior => ("初级工", "五级", "5"),
                CertificateLevel::Intermediate => ("中级工", "四级", "4"),
                CertificateLevel::Senior => ("高级工", "三级", "3"),
                CertificateLevel::Technician => ("技师", "二级", "2"),
                CertificateLevel::SeniorTechnician => ("高级技师", "一级", "1"),
            };
            raw == l.code()
                || raw == l.name_zh()
                || raw == short
                || raw == grade
                || raw == digit
                || short.strip_suffix('工') == Some(raw)
        })
    }
}

/// The outcome of the trainee's vocational examination.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExamResult {
    Pending,
    Passed,
    Failed,
}

impl ExamResult {
    pub fn code(self) -> &'static str {
        match self {
            ExamResult::Pending => "pending",
            ExamResult::Passed => "passed",
            ExamResult::Failed => "failed",
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            ExamResult::Pending => "未考",
            ExamResult::Passed => "合格",
            ExamResult::Failed => "不合格",
        }
    }

    pub fn parse(raw: &str) -> Option<ExamResult> {
        [ExamResult::Pending, ExamResult::Passed, ExamResult::Failed]
            .into_iter()
            .find(|r| raw == r.code() || raw == r.name_zh())
    }
}

/// A trainee as typed in (a form or a roster row): every field is text. Its `Debug` leaves
/// the typed 身份证号 out, valid or not, so it cannot reach a log.
#[derive(Clone, Default, PartialEq, Eq, Deserialize, ToSchema)]
pub struct TraineeInput {
    pub name: String,
    pub id_number: String,
    pub occupation: String,
    pub course: String,
    /// The day the course ended (`YYYY-MM-DD`): the month progress counts it in.
    pub completed_on: String,
    #[serde(default)]
    pub exam_result: String,
    #[serde(default)]
    pub certificate_no: String,
    #[serde(default)]
    pub certificate_level: String,
}

impl std::fmt::Debug for TraineeInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TraineeInput")
            .field("name", &self.name)
            .field("id_number", &"<withheld>")
            .field("occupation", &self.occupation)
            .field("course", &self.course)
            .field("completed_on", &self.completed_on)
            .field("exam_result", &self.exam_result)
            .field("certificate_no", &self.certificate_no)
            .field("certificate_level", &self.certificate_level)
            .finish()
    }
}

/// A valid trainee. Its `Debug` shows the 身份证号 masked (see [`ResidentId`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trainee {
    pub name: String,
    pub id: ResidentId,
    pub occupation: &'static Occupation,
    pub course: String,
    pub completed_on: NaiveDate,
    pub exam_result: ExamResult,
    /// Both present exactly when the exam was passed: then the trainee is certified.
    pub certificate: Option<(String, CertificateLevel)>,
}

impl Trainee {
    pub fn certified(&self) -> bool {
        self.certificate.is_some()
    }
}

fn id_problem(e: IdError) -> FieldError {
    let (zh, en) = match e {
        IdError::Length => ("身份证号应为18位", "must be 18 characters"),
        IdError::Character => (
            "身份证号前17位应为数字",
            "the first 17 characters must be digits",
        ),
        IdError::Check => (
            "身份证号校验位不符（GB 11643）",
            "check digit does not match (GB 11643)",
        ),
        IdError::BirthDate => ("身份证号中的出生日期无效", "holds no valid date of birth"),
    };
    // The number itself is never echoed: error messages end up in logs and pages.
    FieldError::new("id_number", "invalid_id", zh, format!("id_number {en}"))
}

impl TraineeInput {
    pub fn parse(&self) -> Result<Trainee, Validation> {
        let mut v = Validation::default();
        let name = required_text(&mut v, "name", "姓名", &self.name, 50);
        let id = match ResidentId::parse(&self.id_number) {
            Ok(id) => Some(id),
            Err(_) if self.id_number.trim().is_empty() => {
                v.push(FieldError::required("id_number", "身份证号"));
                None
            }
            Err(e) => {
                v.push(id_problem(e));
                None
            }
        };
        let occ = choice(
            &mut v,
            "occupation",
            "职业（工种）",
            &self.occupation,
            occupation,
        );
        let course = required_text(&mut v, "course", "培训课程", &self.course, 100);
        let completed_on = date(&mut v, "completed_on", &self.completed_on);
        if completed_on.is_none() && self.completed_on.trim().is_empty() {
            v.push(FieldError::required("completed_on", "结业日期"));
        }
        let exam_result = if self.exam_result.trim().is_empty() {
            Some(ExamResult::Pending)
        } else {
            choice(
                &mut v,
                "exam_result",
                "考核结果",
                &self.exam_result,
                |r| ExamResult::parse(r.trim()),
            )
        };
        let number = text(&mut v, "certificate_no", &self.certificate_no, 40);
        let level = if self.certificate_level.trim().is_empty() {
            None
        } else {
            choice(
                &mut v,
                "certificate_level",
                "证书等级",
                &self.certificate_level,
                CertificateLevel::parse,
            )
        };
        let certificate = match (exam_result, number, level) {
            (Some(ExamResult::Passed), Some(n), Some(l)) => Some((n, l)),
            (Some(ExamResult::Passed), n, l) => {
                if n.is_none() {
                    v.push(FieldError::new(
                        "certificate_no",
                        "required",
                        "考核合格须填写职业资格证书编号",
                        "certificate_no is required when the exam was passed",
                    ));
                }
                if l.is_none() && self.certificate_level.trim().is_empty() {
                    v.push(FieldError::new(
                        "certificate_level",
                        "required",
                        "考核合格须填写证书等级",
                        "certificate_level is required when the exam was passed",
                    ));
                }
                None
            }
            (_, None, None) => None,
            _ => {
                v.push(FieldError::new(
                    "certificate_no",
                    "not_passed",
                    "考核未合格，不应有职业资格证书",
                    "a certificate needs a passed exam",
                ));
                None
            }
        };
        match (name, id, occ, course, completed_on, exam_result) {
            (
                Some(name),
                Some(id),
                Some(occupation),
                Some(course),
                Some(completed_on),
                Some(exam_result),
            ) if v.is_empty() => Ok(Trainee {
                name,
                id,
                occupation,
                course,
                completed_on,
                exam_result,
                certificate,
            }),
            _ => Err(v),
        }
    }
}

/// The keyed hash of a 身份证号 (HMAC-SHA-256, hex): equal numbers give equal digests, so
/// duplicates are found without storing the number; without the key it cannot be reversed
/// by hashing all 10^17 candidates.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IdDigest(pub String);

pub fn id_digest(key: &[u8], id: &ResidentId) -> IdDigest {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(b"gowest/resident-id/v1\0");
    mac.update(id.expose().as_bytes());
    IdDigest(hex::encode(mac.finalize().into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> TraineeInput {
        TraineeInput {
            name: "张三".into(),
            id_number: "11010519491231002X".into(),
            occupation: "焊工".into(),
            course: "焊接中级班".into(),
            completed_on: "2007-06-30".into(),
            exam_result: "合格".into(),
            certificate_no: "0706000123456".into(),
            certificate_level: "四级".into(),
        }
    }

    #[test]
    fn a_complete_row_parses_and_is_certified() {
        let t = input().parse().expect("valid");
        assert!(t.certified());
        assert_eq!(t.occupation.code, "6-04-02-01");
        assert_eq!(
            t.certificate.map(|c| c.1),
            Some(CertificateLevel::Intermediate)
        );
    }

    #[test]
    fn a_wrong_check_digit_is_named_without_echoing_the_number() {
        let bad = TraineeInput {
            id_number: "110105194912310021".into(),
            ..input()
        };
        let err = bad.parse().expect_err("bad id");
        assert_eq!(err.0[0].field, "id_number");
        assert!(!err.to_string().contains("110105194912310021"));
    }

    #[test]
    fn a_pass_needs_a_certificate_and_a_fail_may_not_have_one() {
        let no_cert = TraineeInput {
            certificate_no: String::new(),
            certificate_level: String::new(),
            ..input()
        };
        let fields: Vec<_> = no_cert
            .parse()
            .expect_err("missing")
            .0
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["certificate_no", "certificate_level"]);
        let failed = TraineeInput {
            exam_result: "不合格".into(),
            ..input()
        };
        assert_eq!(failed.parse().expect_err("cert").0[0].code, "not_passed");
        let pending = TraineeInput {
            exam_result: String::new(),
            certificate_no: String::new(),
            certificate_level: String::new(),
            ..input()
        };
        assert!(!pending.parse().expect("pending").certified());
    }

    #[test]
    fn unknown_occupations_and_levels_are_refused() {
        let bad = TraineeInput {
            occupation: "宇航员".into(),
            certificate_level: "六级".into(),
            ..input()
        };
        let fields: Vec<_> = bad
            .parse()
            .expect_err("bad")
            .0
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["occupation", "certificate_level"]);
        assert_eq!(
            CertificateLevel::parse("技师"),
            Some(CertificateLevel::Technician)
        );
        assert_eq!(
            CertificateLevel::parse("初级"),
            Some(CertificateLevel::Junior)
        );
    }

    #[test]
    fn typed_input_never_prints_the_number() {
        assert!(!format!("{:?}", input()).contains("11010519491231002X"));
        let t = input().parse().expect("valid");
        assert!(!format!("{t:?}").contains("19491231"));
    }

    #[test]
    fn digests_depend_on_the_key_and_the_number_only() {
        let a = ResidentId::parse("11010519491231002X").expect("id");
        assert_eq!(id_digest(b"k1", &a), id_digest(b"k1", &a));
        assert_ne!(id_digest(b"k1", &a), id_digest(b"k2", &a));
        assert!(!id_digest(b"k1", &a).0.contains("19491231"));
    }
}
