//! The conventions every export follows: a status code, a thread-local last error, panics
//! caught at the boundary, checked arguments and handles, and strings the caller frees.

use std::any::Any;
use std::cell::RefCell;
use std::ffi::{CStr, CString, c_char};
use std::panic::{AssertUnwindSafe, catch_unwind};

use engine::error::{Coded, ErrorCode};

/// The outcome of a call. Every export that can fail returns one; on anything but
/// `KT_STATUS_OK`, [`kt_last_error`] describes what went wrong, in Chinese.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KtStatus {
    /// Success.
    Ok = 0,
    /// A required pointer argument was NULL.
    NullArgument = 1,
    /// A string argument was not valid UTF-8.
    InvalidUtf8 = 2,
    /// A JSON argument could not be read, or did not have the expected shape.
    InvalidJson = 3,
    /// Bank files with errors (the diagnostics say where).
    InvalidBank = 4,
    /// An id (question, reading, form) that the banks do not have.
    NotFound = 5,
    /// A number outside its range (an index, a rating, a retention).
    OutOfRange = 6,
    /// An answer that does not fit its question.
    InvalidAnswer = 7,
    /// Invalid scheduler or study settings.
    InvalidSettings = 8,
    /// A contest configuration or paper that cannot be built.
    Contest = 9,
    /// The session has ended (no more questions).
    Finished = 10,
    /// A handle of the wrong type, or one already freed.
    WrongHandle = 11,
    /// An internal error (a panic inside the library, caught at the boundary). A bug: please
    /// report it with the message.
    Internal = 12,
}

impl KtStatus {
    /// The core's code for this status (same number, same name).
    fn code(self) -> ErrorCode {
        match self {
            KtStatus::Ok => ErrorCode::Ok,
            KtStatus::NullArgument => ErrorCode::NullArgument,
            KtStatus::InvalidUtf8 => ErrorCode::InvalidUtf8,
            KtStatus::InvalidJson => ErrorCode::InvalidJson,
            KtStatus::InvalidBank => ErrorCode::InvalidBank,
            KtStatus::NotFound => ErrorCode::NotFound,
            KtStatus::OutOfRange => ErrorCode::OutOfRange,
            KtStatus::InvalidAnswer => ErrorCode::InvalidAnswer,
            KtStatus::InvalidSettings => ErrorCode::InvalidSettings,
            KtStatus::Contest => ErrorCode::Contest,
            KtStatus::Finished => ErrorCode::Finished,
            KtStatus::WrongHandle => ErrorCode::WrongHandle,
            KtStatus::Internal => ErrorCode::Internal,
        }
    }
}

// The header's enum mirrors the core's codes: a C enum must be declared in this crate for
// cbindgen, the numbers and names come from `kaotang::error::ErrorCode`.
impl From<ErrorCode> for KtStatus {
    fn from(code: ErrorCode) -> Self {
        match code {
            ErrorCode::Ok => KtStatus::Ok,
            ErrorCode::NullArgument => KtStatus::NullArgument,
            ErrorCode::InvalidUtf8 => KtStatus::InvalidUtf8,
            ErrorCode::InvalidJson => KtStatus::InvalidJson,
            ErrorCode::InvalidBank => KtStatus::InvalidBank,
            ErrorCode::NotFound => KtStatus::NotFound,
            ErrorCode::OutOfRange => KtStatus::OutOfRange,
            ErrorCode::InvalidAnswer => KtStatus::InvalidAnswer,
            ErrorCode::InvalidSettings => KtStatus::InvalidSettings,
            ErrorCode::Contest => KtStatus::Contest,
            ErrorCode::Finished => KtStatus::Finished,
            ErrorCode::WrongHandle => KtStatus::WrongHandle,
            ErrorCode::Internal => KtStatus::Internal,
        }
    }
}

/// A failed call: its status and a Chinese message.
#[derive(Debug)]
pub(crate) struct Failure {
    pub status: KtStatus,
    pub message: String,
}

impl Failure {
    pub fn new(status: KtStatus, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
        }
    }

    /// A JSON argument that could not be read as `what`.
    pub fn json(name: &str, e: &serde_json::Error) -> Self {
        Self::new(
            KtStatus::InvalidJson,
            format!(
                "参数 {name} 的 JSON 无法读取（第 {} 行第 {} 列）：{e}",
                e.line(),
                e.column()
            ),
        )
    }

    fn panic(payload: &(dyn Any + Send)) -> Self {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Self::new(KtStatus::Internal, format!("库内部错误（已拦截）：{what}"))
    }
}

/// Core errors carry their status (`kaotang::error::Coded`) and their Chinese message.
macro_rules! coded_failures {
    ($($error:ty),* $(,)?) => {$(
        impl From<$error> for Failure {
            fn from(e: $error) -> Self {
                Self::new(e.code().into(), e.to_string())
            }
        }
    )*};
}

coded_failures!(
    engine::grade::GradeError,
    engine::schedule::ScheduleError,
    engine::study::StudyError,
    engine::contest::ContestError,
    engine::contest::StageError,
    engine::contest::SheetError,
    engine::time::DateError,
);

pub(crate) type Result<T, E = Failure> = std::result::Result<T, E>;

/// Room for the last error message, NUL included. A fixed buffer rather than a heap string:
/// the main thread's thread-locals are never dropped, and a heap string would show as a leak
/// under valgrind and LeakSanitizer at exit.
const LAST_ERROR_CAPACITY: usize = 4096;

thread_local! {
    static LAST_ERROR: RefCell<[u8; LAST_ERROR_CAPACITY]> =
        const { RefCell::new([0; LAST_ERROR_CAPACITY]) };
}

fn set_last_error(f: &Failure) {
    let text =
        format!("KT_STATUS_{}: {}", f.status.code().name(), f.message).replace('\0', "\u{FFFD}");
    // Cut a long message at a character boundary, leaving room for "…" and the NUL.
    let mut end = text.len();
    if end > LAST_ERROR_CAPACITY - 1 {
        end = LAST_ERROR_CAPACITY - 1 - '…'.len_utf8();
        while !text.is_char_boundary(end) {
            end -= 1;
        }
    }
    let text = if end < text.len() {
        format!("{}…", &text[..end])
    } else {
        text
    };
    LAST_ERROR.with(|buf| {
        let mut buf = buf.borrow_mut();
        let n = text.len().min(LAST_ERROR_CAPACITY - 1);
        buf[..n].copy_from_slice(&text.as_bytes()[..n]);
        buf[n] = 0;
    });
}

/// Runs an export's body: a panic becomes [`KtStatus::Internal`] instead of unwinding into
/// C, and a failure is recorded for [`kt_last_error`].
pub(crate) fn guard(body: impl FnOnce() -> Result<()>) -> KtStatus {
    let failure = match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => return KtStatus::Ok,
        Ok(Err(f)) => f,
        Err(payload) => Failure::panic(payload.as_ref()),
    };
    set_last_error(&failure);
    failure.status
}

/// As [`guard`], for exports that return nothing (the `*_free` functions).
pub(crate) fn guard_void(body: impl FnOnce() -> Result<()>) {
    let _ = guard(body);
}

/// The message of the last failed call on this thread: `KT_STATUS_…: ` followed by what went
/// wrong and where, in Chinese. NULL before any call failed.
///
/// The string is owned by the library: do not free it. It stays valid until the next failed
/// call on the same thread, or the thread's end. Messages longer than 4 KiB end in "…".
#[unsafe(no_mangle)]
pub extern "C" fn kt_last_error() -> *const c_char {
    catch_unwind(|| {
        LAST_ERROR.with(|buf| {
            let buf = buf.borrow();
            if buf[0] == 0 {
                std::ptr::null()
            } else {
                // The buffer lives as long as the thread and is rewritten only by a failure.
                buf.as_ptr().cast::<c_char>()
            }
        })
    })
    .unwrap_or(std::ptr::null())
}

/// What a status means, in Chinese (`KT_STATUS_NOT_FOUND` gives `"找不到指定的对象"`).
/// A static string: do not free it. An unknown code gives a text that says so.
#[unsafe(no_mangle)]
pub extern "C" fn kt_status_text(status: i32) -> *const c_char {
    // Taken as an int: a C enum may hold any value, which would be undefined as a Rust enum.
    match ErrorCode::from_status(status) {
        Some(code) => code.c_text().as_ptr(),
        None => c"未知的状态码".as_ptr(),
    }
}

/// Frees a string returned by a `kt_` function (each says so). NULL is ignored.
///
/// # Safety
///
/// `s` must be NULL or a string returned by this library that was not freed yet.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_string_free(s: *mut c_char) {
    guard_void(|| {
        if !s.is_null() {
            // SAFETY: the caller passes a string from `CString::into_raw` (see `into_c_string`),
            // freed once.
            drop(unsafe { CString::from_raw(s) });
        }
        Ok(())
    });
}

/// The library's version, e.g. `"0.1.0"`. A static string: do not free it.
#[unsafe(no_mangle)]
pub extern "C" fn kt_version() -> *const c_char {
    const VERSION: &CStr =
        match CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
            Ok(v) => v,
            Err(_) => c"",
        };
    VERSION.as_ptr()
}

/// Reads a NUL-terminated UTF-8 argument.
pub(crate) fn text<'a>(p: *const c_char, name: &str) -> Result<&'a str> {
    if p.is_null() {
        return Err(null(name));
    }
    // SAFETY: every export documents that string arguments are NUL-terminated and live for
    // the call; the borrow does not outlive it.
    let bytes = unsafe { CStr::from_ptr(p) }.to_bytes();
    std::str::from_utf8(bytes).map_err(|e| {
        Failure::new(
            KtStatus::InvalidUtf8,
            format!(
                "参数 {name} 不是有效的 UTF-8（第 {} 个字节起）",
                e.valid_up_to() + 1
            ),
        )
    })
}

/// As [`text`], NULL giving `None`.
pub(crate) fn optional_text<'a>(p: *const c_char, name: &str) -> Result<Option<&'a str>> {
    if p.is_null() {
        Ok(None)
    } else {
        text(p, name).map(Some)
    }
}

/// Reads a JSON argument as `T`.
pub(crate) fn json<T: serde::de::DeserializeOwned>(p: *const c_char, name: &str) -> Result<T> {
    serde_json::from_str(text(p, name)?).map_err(|e| Failure::json(name, &e))
}

/// Reads an optional JSON argument (NULL: `T::default()`).
pub(crate) fn json_or_default<T: serde::de::DeserializeOwned + Default>(
    p: *const c_char,
    name: &str,
) -> Result<T> {
    match optional_text(p, name)? {
        None => Ok(T::default()),
        Some(s) => serde_json::from_str(s).map_err(|e| Failure::json(name, &e)),
    }
}

/// Reads a byte buffer argument (NULL is allowed only with length 0).
pub(crate) fn bytes<'a>(p: *const u8, len: usize, name: &str) -> Result<&'a [u8]> {
    if len == 0 {
        return Ok(&[]);
    }
    if p.is_null() {
        return Err(null(name));
    }
    // SAFETY: the caller documents `p` as `len` readable bytes that live for the call.
    Ok(unsafe { std::slice::from_raw_parts(p, len) })
}

/// Reads an array argument of `len` elements (NULL is allowed only with length 0).
pub(crate) fn slice<'a, T>(p: *const T, len: usize, name: &str) -> Result<&'a [T]> {
    if len == 0 {
        return Ok(&[]);
    }
    if p.is_null() {
        return Err(null(name));
    }
    if !p.is_aligned() {
        return Err(Failure::new(
            KtStatus::OutOfRange,
            format!("参数 {name} 未按类型对齐"),
        ));
    }
    // SAFETY: the caller documents `p` as `len` initialised elements that live for the call.
    Ok(unsafe { std::slice::from_raw_parts(p, len) })
}

pub(crate) fn null(name: &str) -> Failure {
    Failure::new(KtStatus::NullArgument, format!("参数 {name} 为空指针"))
}

/// An output pointer, checked before any work is done.
pub(crate) struct Out<T>(*mut T);

impl<T> Out<T> {
    pub fn new(p: *mut T, name: &str) -> Result<Self> {
        if p.is_null() {
            Err(null(name))
        } else if !p.is_aligned() {
            Err(Failure::new(
                KtStatus::OutOfRange,
                format!("参数 {name} 未按类型对齐"),
            ))
        } else {
            Ok(Self(p))
        }
    }

    pub fn put(self, value: T) {
        // SAFETY: checked non-null and aligned in `new`; the caller documents it as writable.
        // `write` does not drop the (possibly uninitialised) old value.
        unsafe { self.0.write(value) }
    }
}

impl<T> Out<*mut T> {
    /// An output pointer for a handle or string, set to NULL at once so that it is NULL
    /// after a failure.
    pub fn cleared(p: *mut *mut T, name: &str) -> Result<Self> {
        let out = Self::new(p, name)?;
        // SAFETY: checked non-null and aligned; writable as the caller documents.
        unsafe { out.0.write(std::ptr::null_mut()) };
        Ok(out)
    }
}

/// Hands a string to C; freed with [`kt_string_free`].
pub(crate) fn into_c_string(s: String) -> *mut c_char {
    // Our strings come from serde_json or the core and hold no NUL; were one there, it would
    // be replaced rather than truncate the text silently.
    let c = CString::new(s).unwrap_or_else(|e| {
        let s = String::from_utf8_lossy(&e.into_vec()).replace('\0', "\u{FFFD}");
        CString::new(s).unwrap_or_default()
    });
    c.into_raw()
}

/// Writes a value as JSON into a `char**` out parameter.
pub(crate) fn put_json<T: serde::Serialize + ?Sized>(
    out: Out<*mut c_char>,
    value: &T,
) -> Result<()> {
    let s = serde_json::to_string(value)
        .map_err(|e| Failure::new(KtStatus::Internal, format!("无法写出 JSON：{e}")))?;
    out.put(into_c_string(s));
    Ok(())
}

/// A handle type: a Rust value boxed behind a tag, so that a pointer to another kind of
/// handle (or one already freed and not yet reused) is refused instead of misread.
pub(crate) trait Handle: Sized {
    /// A number unique to the type.
    const TAG: u64;
    /// The type's name for messages.
    const NAME: &'static str;
}

/// A handle's heap layout: the tag first, at a fixed offset.
#[repr(C)]
struct Tagged<T> {
    tag: u64,
    value: T,
}

/// Boxes a value and hands out its handle (freed with [`free_handle`]).
pub(crate) fn into_handle<T: Handle>(value: T) -> *mut T {
    Box::into_raw(Box::new(Tagged { tag: T::TAG, value })).cast()
}

fn tagged<T: Handle>(p: *const T, name: &str) -> Result<*mut Tagged<T>> {
    if p.is_null() {
        return Err(null(name));
    }
    let t = p.cast::<Tagged<T>>().cast_mut();
    if !t.is_aligned() {
        return Err(wrong_handle::<T>(name));
    }
    // SAFETY: every handle points at a `Tagged` (whose first field is a u64 at offset 0) made
    // by `into_handle`; reading the tag of a live handle of another type is defined, and the
    // check turns a mismatch into an error.
    let tag = unsafe { (*t).tag };
    if tag == T::TAG {
        Ok(t)
    } else {
        Err(wrong_handle::<T>(name))
    }
}

fn wrong_handle<T: Handle>(name: &str) -> Failure {
    Failure::new(
        KtStatus::WrongHandle,
        format!("参数 {name} 不是有效的 {}（类型不符或已释放）", T::NAME),
    )
}

/// Borrows a handle's value.
pub(crate) fn handle<'a, T: Handle>(p: *const T, name: &str) -> Result<&'a T> {
    let t = tagged(p, name)?;
    // SAFETY: `tagged` checked it is a live `Tagged<T>`; handles are documented as not used
    // from two threads at once unless their type says it is immutable.
    Ok(unsafe { &(*t).value })
}

/// Borrows a handle's value mutably.
pub(crate) fn handle_mut<'a, T: Handle>(p: *mut T, name: &str) -> Result<&'a mut T> {
    let t = tagged(p.cast_const(), name)?;
    // SAFETY: as in `handle`; the caller documents exclusive use during the call.
    Ok(unsafe { &mut (*t).value })
}

/// Frees a handle; NULL is ignored.
pub(crate) fn free_handle<T: Handle>(p: *mut T) {
    guard_void(|| {
        if p.is_null() {
            return Ok(());
        }
        let t = tagged(p.cast_const(), "handle")?;
        // SAFETY: a live `Tagged<T>` from `Box::into_raw` in `into_handle`; the tag is cleared
        // first so a second free of the same pointer is refused while the memory is unused.
        unsafe {
            (*t).tag = 0;
            drop(Box::from_raw(t));
        }
        Ok(())
    });
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]

    use super::*;

    #[test]
    fn a_panic_becomes_a_status_and_a_message() {
        let status = guard(|| panic!("boom"));
        assert_eq!(status, KtStatus::Internal);
        // SAFETY: the last error is a valid C string after a failure.
        let msg = unsafe { CStr::from_ptr(kt_last_error()) }.to_str().unwrap();
        assert!(msg.starts_with("KT_STATUS_INTERNAL: "), "{msg}");
        assert!(msg.contains("boom"), "{msg}");
    }

    #[test]
    fn a_long_message_is_cut_at_a_character() {
        let long = "长".repeat(5000);
        let status = guard(|| Err(Failure::new(KtStatus::InvalidJson, long)));
        assert_eq!(status, KtStatus::InvalidJson);
        // SAFETY: the last error is a valid C string after a failure.
        let msg = unsafe { CStr::from_ptr(kt_last_error()) }.to_str().unwrap();
        assert!(msg.starts_with("KT_STATUS_INVALID_JSON: 长长"), "{msg}");
        assert!(msg.ends_with("长…"), "{msg}");
        assert!(msg.len() < LAST_ERROR_CAPACITY);
    }

    #[test]
    fn statuses_are_the_core_codes() {
        for code in ErrorCode::ALL {
            let status = KtStatus::from(code);
            assert_eq!(status as i32, code.status());
            assert_eq!(status.code(), code);
        }
    }

    #[test]
    fn every_status_has_a_text() {
        for code in 0..=12 {
            // SAFETY: static strings.
            let t = unsafe { CStr::from_ptr(kt_status_text(code)) };
            assert_ne!(t.to_str().unwrap(), "未知的状态码", "{code}");
        }
        // SAFETY: static string.
        let t = unsafe { CStr::from_ptr(kt_status_text(99)) };
        assert_eq!(t.to_str().unwrap(), "未知的状态码");
    }
}
