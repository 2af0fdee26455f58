//! What one sign-in costs: the argon2id hash check (the rest is a few indexed queries).

use criterion::{Criterion, criterion_group, criterion_main};
use gowest_app::auth::{hash_password, password_matches};

fn login(c: &mut Criterion) {
    let hash = hash_password("Gowest-Demo-2006").expect("hash");
    let mut group = c.benchmark_group("login");
    group.sample_size(20);
    group.bench_function("argon2id verify (right password)", |b| {
        b.iter(|| assert!(password_matches("Gowest-Demo-2006", &hash)));
    });
    group.bench_function("argon2id verify (wrong password)", |b| {
        b.iter(|| assert!(!password_matches("Wrong-Password-1", &hash)));
    });
    group.bench_function("argon2id hash (new password)", |b| {
        b.iter(|| hash_password("Brand-New-Pass-1").expect("hash"));
    });
    group.finish();
}

criterion_group!(benches, login);
criterion_main!(benches);
