//! What a paged operation tells a paginator: how to ask for a page and what a page says about
//! the next one. Implemented by the generated code for every operation the overlay marks as
//! paged; the client's paginator is written once against this trait.

use crate::operation::Operation;

/// How an operation pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PageStyle {
    /// `PageNumber` counting from 1 and `PageSize`, with a `TotalCount` in the response.
    Numbered,
    /// An opaque `NextToken` from the previous page and `MaxResults`.
    Token,
}

/// What one page says about paging.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PageInfo {
    /// The page number the server answered with (numbered paging).
    pub page_number: Option<i64>,
    /// The page size the server answered with.
    pub page_size: Option<i64>,
    /// How many items all pages hold together, when the server says.
    pub total_count: Option<i64>,
    /// The token that asks for the next page; absent or empty on the last page.
    pub next_token: Option<String>,
    /// Items on this page.
    pub items: usize,
}

impl PageInfo {
    /// Used by the generated code.
    #[doc(hidden)]
    pub fn new(
        page_number: Option<i64>,
        page_size: Option<i64>,
        total_count: Option<i64>,
        next_token: Option<String>,
        items: usize,
    ) -> Self {
        Self {
            page_number,
            page_size,
            total_count,
            next_token,
            items,
        }
    }
}

/// A request of a paged operation.
pub trait Paginated: Operation {
    /// One item of a page (an instance, a disk, a task…).
    type Item: Clone + Send + 'static;

    /// How the operation pages.
    const STYLE: PageStyle;

    /// The page the request starts at (numbered paging).
    fn page_number(&self) -> Option<i64> {
        None
    }

    /// Ask for page `number` (numbered paging).
    fn set_page_number(&mut self, _number: i64) {}

    /// Items per page as set (`PageSize` or `MaxResults`).
    fn page_size(&self) -> Option<i64>;

    /// Set items per page; values beyond the field's range are clamped.
    fn set_page_size(&mut self, size: i64);

    /// Ask for the page after the one `token` came with (token paging).
    fn set_next_token(&mut self, _token: Option<String>) {}

    /// What `page` says about paging.
    fn page_info(page: &Self::Response) -> PageInfo;

    /// The items of `page`.
    fn into_items(page: Self::Response) -> Vec<Self::Item>;
}

/// Clamp an `i64` into an `i32` field (used by the generated code).
#[doc(hidden)]
pub fn clamp_i32(value: i64) -> i32 {
    i32::try_from(value).unwrap_or(if value < 0 { i32::MIN } else { i32::MAX })
}
