//! Puts the portal's front-end libraries into OUT_DIR so the binary embeds them.
//!
//! htmx and ECharts come from the npm registry, pinned by `assets/package-lock.json`; none is
//! committed. When they are not installed yet this runs `npm ci` once in `assets/`. It also
//! gzips them, and stamps a version (a hash of every embedded asset) that pages put in asset URLs, so the
//! assets can be cached for a year and still change with a new build.

use std::path::{Path, PathBuf};
use std::process::Command;

/// (file in `assets/node_modules`, name in OUT_DIR)
const VENDORED: [(&str, &str); 2] = [
    ("htmx.org/dist/htmx.min.js", "htmx.min.js"),
    ("echarts/dist/echarts.min.js", "echarts.min.js"),
];
/// Our own assets, embedded from `assets/` directly.
const OWN: [&str; 2] = ["app.css", "app.js"];

fn main() {
    let manifest =
        PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let assets = manifest.join("assets");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    for watched in ["package.json", "package-lock.json"]
        .iter()
        .chain(OWN.iter())
    {
        println!("cargo:rerun-if-changed=assets/{watched}");
    }

    let modules = assets.join("node_modules");
    if VENDORED
        .iter()
        .any(|(from, _)| !modules.join(from).is_file())
    {
        npm_ci(&assets);
    }

    let mut hash = Fnv::default();
    for (from, to) in VENDORED {
        let bytes = read(&modules.join(from));
        hash.feed(&bytes);
        write(&out.join(to), &bytes);
        write(&out.join(format!("{to}.gz")), &gzip(&bytes));
    }
    for own in OWN {
        hash.feed(&read(&assets.join(own)));
    }
    println!(
        "cargo:rustc-env=GOWEST_ASSET_VERSION={:08x}",
        hash.0 as u32 ^ (hash.0 >> 32) as u32
    );
}

fn npm_ci(assets: &Path) {
    println!(
        "cargo:warning=installing the portal's front-end libraries: npm ci in {}",
        assets.display()
    );
    let status = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(assets)
        .status();
    match status {
        Ok(s) if s.success() => {}
        Ok(s) => panic!(
            "`npm ci` failed ({s}) in {}: the portal needs htmx and ECharts from the npm \
             registry (or a local npm cache / registry mirror). Run it by hand to see why.",
            assets.display()
        ),
        Err(e) => panic!(
            "cannot run `npm` ({e}): install Node.js and npm (Debian: apt-get install npm), \
             or run `npm ci` in {} on a machine that has it and copy node_modules here.",
            assets.display()
        ),
    }
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

/// The scripts are large (ECharts ~1 MB); most clients take them gzipped.
fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder
        .write_all(bytes)
        .and_then(|()| encoder.finish())
        .unwrap_or_else(|e| panic!("cannot gzip an asset: {e}"))
}

/// FNV-1a, 64 bit: enough to tell one build's assets from another's.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn feed(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}
