//! The memory allocator: mimalloc, set to give memory back as soon as it is free.

/// mimalloc hands freed memory back to the system; glibc's malloc keeps each thread's
/// argon2 buffers (19 MiB a sign-in) and the server's footprint only grows.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Option numbers of the mimalloc v3 that libmimalloc-sys 0.1.49 bundles (`mi_option_e` in
/// `c_src/mimalloc/v3/include/mimalloc.h`); its Rust bindings do not name these two.
const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// mimalloc's defaults favour speed over footprint: arenas are committed eagerly and freed
/// pages are purged only on later allocator activity, so an idle server kept ~100 MB it no
/// longer used (`bench/rss.sh`, demo data: 167 MB after start with the defaults, 68 MB so).
#[allow(unsafe_code)]
pub fn keep_footprint_small() {
    // SAFETY: sets two process-wide allocator options; any value is valid for both.
    unsafe {
        libmimalloc_sys::mi_option_set(ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set(PURGE_DELAY, 0);
    }
}
