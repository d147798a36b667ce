//! How the allocator hands memory back, for scoring millions of sheets.

/// Fixes glibc's mmap threshold at 1 MiB. Left alone, glibc raises the threshold each time a
/// large block is freed, so the next large blocks (tens of MB of records and sort keys) come
/// from the heap, where freed memory stays with the process: scoring a million sheets on two
/// threads then peaked about 20 MB higher (122 MB instead of 102 MB) holding buffers it had
/// already freed. Fixed, every block over 1 MiB is mapped on its own and returned when
/// freed, while smaller buffers allocated again and again (the results' blocks of formatted
/// rows, about 400 KB each) still come from the heap: at glibc's default of 128 KiB each of
/// those was a fresh mapping, and ten million sheets spent 5.8 s instead of 2.3 s in the
/// kernel.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
pub fn return_large_blocks() {
    // SAFETY: `mallopt` takes two integers and changes an allocator setting under the
    // allocator's own lock; no memory is touched. Its result (0 on failure) only means the
    // setting stayed as it was, which is harmless.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}

/// Other allocators return large blocks already.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn return_large_blocks() {}
