//! Uploads, read with caps: a console form with its file part ([`Upload`]: every multipart
//! form of the console), or an API request whose body is the file ([`SheetBody`]). A file
//! over [`MAX_FILE_BYTES`] is never held whole: reading keeps at most the cap and counts the
//! rest, and the handler gets a typed refusal that it shows like any refused file (400). The
//! form's text fields are held to the same caps as any other form's (`bound.rs`), and a form
//! that breaks off is refused, never read as blank fields.

use axum::body::{Body, HttpBody};
use axum::extract::multipart::Field;
use axum::extract::{FromRequest, Multipart, Request};
use gowest_app::AppError;
use gowest_app::bounded_sheet::{MAX_FILE_BYTES, TooLarge};
use gowest_domain::Validation;
use std::collections::HashMap;

/// The body limit of routes that take an upload: the file at its cap and the form around
/// it, so the file's own cap (with its message) is what an over-sized file meets.
pub const BODY_LIMIT: usize = MAX_FILE_BYTES + 1024 * 1024;

/// The names the console's forms give their file input.
const FILE_PARTS: [&str; 3] = ["file", "evidence", "attachment"];

/// An uploaded file: the name and type it was sent with and its bytes (at most
/// [`MAX_FILE_BYTES`]).
pub struct UploadedFile {
    pub name: String,
    pub media_type: Option<String>,
    pub bytes: Vec<u8>,
}

/// A multipart form's text fields and its one file part: the part sent with a file name, or
/// named [`FILE_PARTS`].
pub struct Upload {
    fields: HashMap<String, String>,
    file: Option<Result<UploadedFile, TooLarge>>,
    /// Why the form cannot be used: a text field over its cap, too many fields, a form that
    /// broke off. Reported by [`Upload::file`], so no handler reads a half form.
    refused: Option<AppError>,
}

impl Upload {
    /// A text field, or "" when the form did not send it.
    pub fn field(&self, name: &str) -> &str {
        self.fields.get(name).map_or("", String::as_str)
    }

    /// The file, `None` when none was chosen (or it was empty), or the refusal of the form
    /// (a field over its cap, a form that broke off) or of a file over the cap.
    pub fn file(&mut self) -> Result<Option<UploadedFile>, AppError> {
        if let Some(refused) = self.refused.take() {
            return Err(refused);
        }
        match self.file.take() {
            Some(Ok(file)) if !file.bytes.is_empty() => Ok(Some(file)),
            Some(Ok(_)) | None => Ok(None),
            Some(Err(refused)) => Err(refused.into()),
        }
    }
}

/// Reads a body (or a part) chunk by chunk, keeping at most `cap` bytes; past it, counts and
/// drops the rest up to `drain` bytes, so the client can finish sending and read the answer.
struct Capped {
    kept: Vec<u8>,
    seen: u64,
    cap: usize,
}

impl Capped {
    fn new(cap: usize) -> Capped {
        Capped {
            kept: Vec::new(),
            seen: 0,
            cap,
        }
    }

    fn push(&mut self, chunk: &[u8]) {
        self.seen += chunk.len() as u64;
        if self.seen <= self.cap as u64 {
            self.kept.extend_from_slice(chunk);
        }
    }

    fn finish(self) -> Result<Vec<u8>, TooLarge> {
        if self.seen > self.cap as u64 {
            return Err(TooLarge::File {
                bytes: self.seen,
                limit: self.cap as u64,
            });
        }
        Ok(self.kept)
    }
}

/// The body limit ran out before the form did.
fn body_too_large(limit: usize) -> TooLarge {
    TooLarge::File {
        bytes: limit as u64 + 1,
        limit: limit as u64,
    }
}

async fn read_file(mut field: Field<'_>) -> Result<UploadedFile, TooLarge> {
    // A sheet's part sent without a file name is read as .xlsx, as the forms always did.
    let fallback = if field.name() == Some("file") {
        "upload.xlsx"
    } else {
        ""
    };
    let name = field.file_name().unwrap_or(fallback).to_owned();
    let media_type = field.content_type().map(str::to_owned);
    let mut capped = Capped::new(MAX_FILE_BYTES);
    loop {
        match field.chunk().await {
            Ok(Some(chunk)) => capped.push(&chunk),
            Ok(None) => break,
            Err(e) if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(body_too_large(BODY_LIMIT));
            }
            // A broken form: what arrived is read as the file, and refused as unreadable.
            Err(_) => break,
        }
    }
    Ok(UploadedFile {
        name,
        media_type,
        bytes: capped.finish()?,
    })
}

/// A text part, held to its field's cap (`bound.rs`); past the cap it is refused, naming
/// the field, without holding more than four bytes a character of it.
async fn read_text(mut field: Field<'_>, name: &str) -> Result<String, AppError> {
    let max = crate::bound::cap(name);
    let mut capped = Capped::new(max * 4);
    loop {
        match field.chunk().await {
            Ok(Some(chunk)) => capped.push(&chunk),
            Ok(None) => break,
            Err(e) => return Err(broken(&e)),
        }
    }
    let seen = capped.seen;
    let text = capped
        .finish()
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .filter(|t| t.chars().count() <= max);
    text.ok_or_else(|| {
        let got = usize::try_from(seen).unwrap_or(usize::MAX);
        AppError::Invalid(Validation(vec![crate::bound::too_long(name, max, got)]))
    })
}

fn broken(e: &axum::extract::multipart::MultipartError) -> AppError {
    AppError::File(format!(
        "表单未能完整接收，请重新提交 / the form was not received whole; send it again: {}",
        e.body_text()
    ))
}

impl<S: Send + Sync> FromRequest<S> for Upload {
    type Rejection = axum::extract::multipart::MultipartRejection;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let mut form = Multipart::from_request(req, state).await?;
        let mut upload = Upload {
            fields: HashMap::new(),
            file: None,
            refused: None,
        };
        loop {
            match form.next_field().await {
                Ok(Some(field)) => {
                    let name = field.name().unwrap_or_default().to_owned();
                    if field.file_name().is_some() || FILE_PARTS.contains(&name.as_str()) {
                        upload.file = Some(read_file(field).await);
                    } else if upload.fields.len() >= crate::bound::MAX_FIELDS {
                        upload.refused = Some(AppError::Invalid(Validation(vec![
                            crate::bound::too_many_fields(upload.fields.len() + 1),
                        ])));
                    } else {
                        match read_text(field, &name).await {
                            Ok(text) => {
                                upload.fields.insert(name, text);
                            }
                            Err(refused) => upload.refused = Some(refused),
                        }
                    }
                }
                Ok(None) => break,
                Err(e) if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => {
                    upload.file = Some(Err(body_too_large(BODY_LIMIT)));
                }
                Err(e) => upload.refused = Some(broken(&e)),
            }
            if upload.refused.is_some() || matches!(upload.file, Some(Err(_))) {
                break;
            }
        }
        Ok(upload)
    }
}

/// An API request whose body is the spreadsheet, at most [`MAX_FILE_BYTES`]; a larger one
/// is answered 400 (problem+json) naming the limit.
pub struct SheetBody(pub Vec<u8>);

impl<S: Send + Sync> FromRequest<S> for SheetBody {
    type Rejection = crate::problem::ApiError;

    async fn from_request(req: Request, _state: &S) -> Result<Self, Self::Rejection> {
        let mut body: Body = req.into_body();
        let mut capped = Capped::new(MAX_FILE_BYTES);
        // Past the cap the rest is read and dropped, up to four times the cap, so that the
        // client sees the answer rather than a reset connection.
        let drain = 4 * MAX_FILE_BYTES as u64;
        while capped.seen <= drain {
            let frame = std::future::poll_fn(|cx| std::pin::Pin::new(&mut body).poll_frame(cx));
            match frame.await {
                Some(Ok(frame)) => {
                    if let Some(data) = frame.data_ref() {
                        capped.push(data);
                    }
                }
                Some(Err(e)) => {
                    return Err(AppError::File(format!(
                        "请求体读取失败 / the request body could not be read: {e}"
                    ))
                    .into());
                }
                None => break,
            }
        }
        Ok(SheetBody(capped.finish().map_err(AppError::from)?))
    }
}
