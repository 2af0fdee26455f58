//! Test support: a fresh database per test on SQLite or PostgreSQL, and the whole app
//! served on an ephemeral port.
//!
//! PostgreSQL tests need `GOWEST_TEST_POSTGRES_URL`, an admin URL of a throw-away server
//! (`scripts/test.sh` starts one). Without it they run on SQLite only — except under
//! `CI=true`, where a missing PostgreSQL fails the run instead of skipping it.

use chrono::{DateTime, Utc};
use gowest_app::App;
use gowest_app::audit::AuditKey;
use gowest_app::auth::{SecondFactor, Session};
pub use gowest_app::write::Operator;
use gowest_domain::clock::Clock;
use gowest_store::{Store, Tx};
use sqlx::Connection;
use std::fmt;
use std::sync::{Arc, Mutex};
use tempfile::TempDir;

pub const POSTGRES_URL_VAR: &str = "GOWEST_TEST_POSTGRES_URL";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TestBackend {
    Sqlite,
    Postgres,
}

impl fmt::Display for TestBackend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TestBackend::Sqlite => "sqlite",
            TestBackend::Postgres => "postgres",
        })
    }
}

/// The backends this run must test.
///
/// # Panics
/// Under `CI=true` when `GOWEST_TEST_POSTGRES_URL` is not set.
pub fn backends() -> Vec<TestBackend> {
    let postgres = std::env::var(POSTGRES_URL_VAR).is_ok_and(|v| !v.is_empty());
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    assert!(
        postgres || !ci,
        "CI=true but {POSTGRES_URL_VAR} is not set: PostgreSQL tests must run in CI"
    );
    if postgres {
        vec![TestBackend::Sqlite, TestBackend::Postgres]
    } else {
        vec![TestBackend::Sqlite]
    }
}

/// A fixed audit key for tests.
///
/// # Panics
/// Never: the key is long enough.
pub fn audit_key() -> AuditKey {
    AuditKey::new(b"gowest test audit key, 32 bytes or more".to_vec()).expect("a valid key")
}

/// A fresh, empty database; it lives as long as this value.
pub struct TestDb {
    pub store: Store,
    pub backend: TestBackend,
    /// The SQLite directory, removed on drop.
    pub dir: Option<TempDir>,
    /// The database URL, for tests that open a second connection (a second instance).
    pub url: String,
}

/// The operator's handle, as the command line holds it: demo seeding, imports, fixtures.
pub fn operator() -> Operator {
    Operator::at_console()
}

/// A transaction for a test's fixture rows, committed with `Tx::commit_fixture` and no
/// audit row: only for states the write path cannot make (old rows, torn data).
///
/// # Panics
/// When the database refuses to begin.
pub async fn fixture_tx(store: &Store) -> Tx {
    #[allow(clippy::disallowed_methods)] // fixtures bypass the write path on purpose
    let tx = store.begin().await.expect("begin a fixture transaction");
    tx
}

/// # Panics
/// When the database cannot be created: a test environment fault, not a test result.
pub async fn fresh_db(backend: TestBackend) -> TestDb {
    match backend {
        TestBackend::Sqlite => {
            let dir = tempfile::tempdir().expect("temporary directory");
            let path = dir.path().join("test.sqlite3");
            let store = Store::open_sqlite(&path).await.expect("open SQLite");
            TestDb {
                store,
                backend,
                url: format!("sqlite://{}", path.display()),
                dir: Some(dir),
            }
        }
        TestBackend::Postgres => {
            let admin = std::env::var(POSTGRES_URL_VAR).expect("GOWEST_TEST_POSTGRES_URL");
            let name = format!("gowest_test_{}", uuid::Uuid::new_v4().simple());
            let mut conn = sqlx::PgConnection::connect(&admin)
                .await
                .expect("connect to the test PostgreSQL server");
            let create = format!("CREATE DATABASE {name}");
            sqlx::query(&create)
                .execute(&mut conn)
                .await
                .expect("create a test database");
            conn.close().await.ok();
            let base = admin
                .rsplit_once('/')
                .map_or(admin.as_str(), |(base, _)| base);
            let url = format!("{base}/{name}");
            let store = Store::connect(&url)
                .await
                .expect("connect to the test database");
            TestDb {
                store,
                backend,
                dir: None,
                url,
            }
        }
    }
}

impl TestDb {
    /// Runs raw SQL behind the application's back, as a database administrator could:
    /// for tests of tampering and of constraints.
    ///
    /// # Errors
    /// The database's refusal.
    pub async fn raw_execute(&self, sql: &str) -> Result<u64, sqlx::Error> {
        match self.backend {
            TestBackend::Sqlite => {
                let mut conn = sqlx::SqliteConnection::connect(&self.url).await?;
                Ok(sqlx::raw_sql(sql).execute(&mut conn).await?.rows_affected())
            }
            TestBackend::Postgres => {
                let mut conn = sqlx::PgConnection::connect(&self.url).await?;
                Ok(sqlx::raw_sql(sql).execute(&mut conn).await?.rows_affected())
            }
        }
    }

    /// The single number a `SELECT COUNT(*) …` gives, read behind the application's back.
    ///
    /// # Panics
    /// When the query fails or gives no row.
    pub async fn count(&self, sql: &str) -> i64 {
        self.column(sql).await.into_iter().next().expect("a count")
    }

    /// The first column of every row a `SELECT` of text gives, read behind the application's
    /// back.
    ///
    /// # Panics
    /// When the query fails.
    pub async fn texts(&self, sql: &str) -> Vec<String> {
        self.column(sql).await
    }

    /// The first column of every row of `sql`, on a connection of its own.
    async fn column<T>(&self, sql: &str) -> Vec<T>
    where
        T: for<'r> sqlx::Decode<'r, sqlx::Sqlite>
            + sqlx::Type<sqlx::Sqlite>
            + for<'r> sqlx::Decode<'r, sqlx::Postgres>
            + sqlx::Type<sqlx::Postgres>
            + Send
            + Unpin,
    {
        match self.backend {
            TestBackend::Sqlite => {
                let mut conn = sqlx::SqliteConnection::connect(&self.url)
                    .await
                    .expect("connect");
                sqlx::query_scalar(sql).fetch_all(&mut conn).await
            }
            TestBackend::Postgres => {
                let mut conn = sqlx::PgConnection::connect(&self.url)
                    .await
                    .expect("connect");
                sqlx::query_scalar(sql).fetch_all(&mut conn).await
            }
        }
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }
}

/// A clock that tests move by hand.
#[derive(Debug, Clone)]
pub struct ManualClock(Arc<Mutex<DateTime<Utc>>>);

impl ManualClock {
    pub fn new(start: DateTime<Utc>) -> Self {
        Self(Arc::new(Mutex::new(start)))
    }

    pub fn advance(&self, by: chrono::Duration) {
        if let Ok(mut now) = self.0.lock() {
            *now += by;
        }
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
            .lock()
            .map(|now| *now)
            .unwrap_or_else(|p| *p.into_inner())
    }
}

/// The app on a fresh database with a clock the test controls.
///
/// # Panics
/// When the app cannot start on a fresh database.
pub async fn start_app_with_clock(backend: TestBackend, clock: ManualClock) -> (App, TestDb) {
    let db = fresh_db(backend).await;
    let app = App::start_with_clock(db.store.clone(), audit_key(), Arc::new(clock))
        .await
        .expect("app starts");
    (app, db)
}

/// The app on a fresh database, served on 127.0.0.1 at an ephemeral port.
pub struct TestApp {
    pub app: App,
    pub base_url: String,
    pub client: reqwest::Client,
    pub db: TestDb,
}

/// # Panics
/// When the app cannot start on a fresh database.
pub async fn spawn_app(backend: TestBackend) -> TestApp {
    spawn_app_with(backend, gowest_web::WebSettings::default()).await
}

/// The app served with chosen web settings (https, metrics token, trusted proxies).
///
/// # Panics
/// When the app cannot start on a fresh database.
pub async fn spawn_app_with(backend: TestBackend, settings: gowest_web::WebSettings) -> TestApp {
    let db = fresh_db(backend).await;
    let app = App::start(db.store.clone(), audit_key())
        .await
        .expect("app starts");
    gowest_web::install_recorder();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind an ephemeral port");
    let base_url = format!("http://{}", listener.local_addr().expect("address"));
    tokio::spawn(gowest_web::serve(
        listener,
        app.clone(),
        settings,
        std::future::pending(),
    ));
    TestApp {
        app,
        base_url,
        client: reqwest::Client::new(),
        db,
    }
}

impl TestApp {
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.base_url))
            .send()
            .await
            .expect("request reaches the server")
    }
}

/// The text between `before` and the next `"` or `<`: enough to read a hidden field or a
/// marked value out of a page.
pub fn scrape<'a>(html: &'a str, before: &str) -> Option<&'a str> {
    let start = html.find(before)? + before.len();
    let rest = &html[start..];
    rest.find(['"', '<']).map(|end| &rest[..end])
}

/// The code of a TOTP secret at `unix_seconds`, as an authenticator app would show it.
///
/// # Panics
/// On a secret that is not base32.
pub fn totp_code_at(secret_base32: &str, username: &str, unix_seconds: u64) -> String {
    let bytes = totp_rs::Secret::Encoded(secret_base32.into())
        .to_bytes()
        .expect("a base32 secret");
    let totp = totp_rs::TOTP::new(
        totp_rs::Algorithm::SHA1,
        6,
        1,
        30,
        bytes,
        Some("gowest".into()),
        username.into(),
    )
    .expect("a TOTP");
    totp.generate(unix_seconds)
}

/// TOTP secrets enrolled by the helpers below, by their sealed form in the database (which
/// differs at every enrolment, so tests and databases never mix), with the last step used.
fn enrolled() -> &'static Mutex<std::collections::HashMap<String, (String, u64)>> {
    static ENROLLED: std::sync::OnceLock<Mutex<std::collections::HashMap<String, (String, u64)>>> =
        std::sync::OnceLock::new();
    ENROLLED.get_or_init(Mutex::default)
}

fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Remembers a secret a helper enrolled, under the sealed value the database now holds.
async fn remember_secret(store: &Store, username: &str, secret: &str, step: u64) {
    if let Ok(Some(user)) = store.user_by_name(username).await
        && let Some(sealed) = user.totp_secret
        && let Ok(mut map) = enrolled().lock()
    {
        map.insert(sealed, (secret.to_owned(), step));
    }
}

/// A code for a user the helpers enrolled, for a 30-second step not used yet (a code is
/// good once): the current step, else the next (accepted for clock skew), else it waits.
async fn fresh_code(store: &Store, username: &str) -> Option<String> {
    let sealed = store
        .user_by_name(username)
        .await
        .expect("the user is read")?
        .totp_secret?;
    loop {
        let now = unix_now() / 30;
        {
            let mut map = enrolled().lock().ok()?;
            let (secret, last) = map.get_mut(&sealed)?;
            if let Some(step) = (now..=now + 1).find(|s| *s > *last) {
                *last = step;
                return Some(totp_code_at(secret, username, step * 30));
            }
        }
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    }
}

/// Signs in through the app (no HTTP) and passes the second factor when asked, enrolling
/// it the first time (the system clock's code; for apps on the real clock).
///
/// # Panics
/// When signing in or the second factor fails.
pub async fn signed_session(app: &App, store: &Store, username: &str, password: &str) -> Session {
    let session = app
        .login(username, password, None)
        .await
        .unwrap_or_else(|e| panic!("{username} signs in: {e}"));
    match session.second_factor {
        SecondFactor::Passed => return session,
        SecondFactor::Enrol => {
            let offer = app
                .offer_totp(&session, None)
                .await
                .expect("offered a secret");
            let step = unix_now() / 30;
            let code = totp_code_at(&offer.secret_base32, username, step * 30);
            // The offer is kept on the session row: confirm against the session as it is now.
            let offered = app
                .session(&session.token)
                .await
                .expect("session")
                .expect("the session lives");
            app.confirm_totp(&offered, &code, None)
                .await
                .expect("enrols");
            remember_secret(store, username, &offer.secret_base32, step).await;
        }
        SecondFactor::Verify => {
            let code = fresh_code(store, username)
                .await
                .unwrap_or_else(|| panic!("{username} was enrolled outside the test helpers"));
            app.verify_totp(&session, &code, None)
                .await
                .expect("the second factor passes");
        }
    }
    app.session(&session.token)
        .await
        .expect("session")
        .expect("the session lives")
}

impl TestApp {
    /// [`signed_session`] on this app.
    pub async fn session(&self, username: &str, password: &str) -> Session {
        signed_session(&self.app, &self.db.store, username, password).await
    }

    /// A browser-like client (cookies kept, redirects not followed) signed in as `username`,
    /// passing the second factor (enrolling it the first time) for administrators.
    ///
    /// # Panics
    /// When signing in fails.
    pub async fn sign_in(&self, username: &str, password: &str) -> reqwest::Client {
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("a client");
        let url = |path: &str| format!("{}{path}", self.base_url);
        let page = client.get(url("/login")).send().await.expect("login page");
        let html = page.text().await.expect("html");
        let token = scrape(&html, r#"name="form_token" value=""#)
            .expect("form token")
            .to_owned();
        let response = client
            .post(url("/login"))
            .form(&[
                ("username", username),
                ("password", password),
                ("form_token", &token),
                ("next", "/console"),
            ])
            .send()
            .await
            .expect("login");
        assert_eq!(response.status(), 303, "{username} signs in");
        let location = response
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        if location == "/login/second-factor" {
            let html = client
                .get(url(&location))
                .send()
                .await
                .expect("page")
                .text()
                .await
                .expect("html");
            let csrf = scrape(&html, r#"name="csrf" value=""#)
                .expect("csrf")
                .to_owned();
            let offered = scrape(&html, "data-secret>").map(str::to_owned);
            let code = match &offered {
                Some(secret) => totp_code_at(secret, username, unix_now()),
                None => fresh_code(&self.db.store, username)
                    .await
                    .unwrap_or_else(|| panic!("{username} was enrolled outside the helpers")),
            };
            let response = client
                .post(url(&location))
                .form(&[("code", code.as_str()), ("csrf", &csrf)])
                .send()
                .await
                .expect("second factor");
            assert_eq!(
                response.status(),
                303,
                "{username} passes the second factor"
            );
            if let Some(secret) = offered {
                remember_secret(&self.db.store, username, &secret, unix_now() / 30).await;
            }
        }
        client
    }
}
