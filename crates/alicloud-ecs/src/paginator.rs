//! Paging through any paged operation: [`Paginator`] (page by page) and [`Items`] (item by
//! item across pages), written once against the model's [`Paginated`] trait, which the
//! generated code implements for every operation the spec marks as paged (page numbers or
//! `NextToken`).

use std::collections::VecDeque;

use alicloud_ecs_model::{PageStyle, Paginated};

use crate::call::Call;
use crate::client::Client;
use crate::error::Error;
use crate::send::CallOptions;

#[cfg(feature = "tasks")]
/// Paging through `DescribeTasks`.
pub type TaskPaginator = Paginator<alicloud_ecs_model::DescribeTasksRequest>;
#[cfg(feature = "tasks")]
/// Tasks across all pages of `DescribeTasks`.
pub type TaskItems = Items<alicloud_ecs_model::DescribeTasksRequest>;

impl<O: Paginated> Call<O> {
    /// Page through every result, starting at the request's page (numbered paging) or at the
    /// first page (token paging).
    pub fn into_paginator(self) -> Paginator<O> {
        let (client, request, options) = self.into_parts();
        let next_page = request.page_number().unwrap_or(1).max(1);
        Paginator {
            client,
            request,
            options,
            next_page,
            seen_tokens: Vec::new(),
            done: false,
        }
    }
}

/// Paging through a paged operation, page by page or item by item.
///
/// ```no_run
/// # async fn run(client: alicloud_ecs::Client) -> Result<(), alicloud_ecs::Error> {
/// let mut instances = client.describe_instances().into_paginator().page_size(100).items();
/// while let Some(instance) = instances.next().await {
///     let instance = instance?;
///     println!("{}", instance.instance_id.as_deref().unwrap_or("-"));
/// }
/// # Ok(()) }
/// ```
///
/// Numbered paging stops when `PageNumber × PageSize` reaches `TotalCount`, at the first
/// empty page (a guard against a server that overstates `TotalCount`), or when the server
/// answers an earlier page than asked for. Token paging stops when a page comes without a
/// `NextToken`, with an empty page, or with a token seen before (a server that repeats
/// itself would otherwise loop forever). Any error ends the paging after it is returned.
#[derive(Debug)]
#[must_use]
pub struct Paginator<O: Paginated> {
    client: Client,
    request: O,
    options: CallOptions,
    next_page: i64,
    seen_tokens: Vec<String>,
    done: bool,
}

impl<O: Paginated> Paginator<O> {
    /// Items per page (`PageSize` or `MaxResults`); the service's default when not set.
    pub fn page_size(mut self, size: i64) -> Self {
        self.request.set_page_size(size);
        self
    }

    /// The next page, or `None` when there are no more.
    pub async fn next_page(&mut self) -> Option<Result<O::Response, Error>> {
        if self.done {
            return None;
        }
        let mut request = self.request.clone();
        if O::STYLE == PageStyle::Numbered {
            request.set_page_number(self.next_page);
        }
        let result = self.client.send(request, &self.options).await;
        match &result {
            Ok(page) => self.advance(O::page_info(page)),
            Err(_) => self.done = true,
        }
        Some(result)
    }

    fn advance(&mut self, info: alicloud_ecs_model::PageInfo) {
        if info.items == 0 {
            self.done = true;
            return;
        }
        match O::STYLE {
            PageStyle::Numbered => {
                let requested = self.next_page;
                let number = info.page_number.unwrap_or(requested);
                let size = info
                    .page_size
                    .filter(|s| *s > 0)
                    .or(self.request.page_size())
                    .unwrap_or(i64::try_from(info.items).unwrap_or(i64::MAX));
                let seen = number.saturating_mul(size);
                let total = info.total_count.unwrap_or(i64::MAX);
                self.done = seen >= total || number < requested;
                self.next_page = number.max(requested).saturating_add(1);
            }
            _ => match info.next_token.filter(|t| !t.is_empty()) {
                Some(token) if !self.seen_tokens.contains(&token) => {
                    self.request.set_next_token(Some(token.clone()));
                    self.seen_tokens.push(token);
                }
                _ => self.done = true,
            },
        }
    }

    /// Every page, or the first error.
    pub async fn try_collect(mut self) -> Result<Vec<O::Response>, Error> {
        let mut pages = Vec::new();
        while let Some(page) = self.next_page().await {
            pages.push(page?);
        }
        Ok(pages)
    }

    /// The items of every page, one at a time.
    pub fn items(self) -> Items<O> {
        Items {
            pages: self,
            buffer: VecDeque::new(),
        }
    }
}

/// The items of every page of a paged operation.
#[derive(Debug)]
#[must_use]
pub struct Items<O: Paginated> {
    pages: Paginator<O>,
    buffer: VecDeque<O::Item>,
}

impl<O: Paginated> Items<O> {
    /// The next item, or `None` after the last.
    pub async fn next(&mut self) -> Option<Result<O::Item, Error>> {
        loop {
            if let Some(item) = self.buffer.pop_front() {
                return Some(Ok(item));
            }
            match self.pages.next_page().await? {
                Ok(page) => self.buffer.extend(O::into_items(page)),
                Err(e) => return Some(Err(e)),
            }
        }
    }

    /// Every item, or the first error.
    pub async fn try_collect(mut self) -> Result<Vec<O::Item>, Error> {
        let mut items = Vec::new();
        while let Some(item) = self.next().await {
            items.push(item?);
        }
        Ok(items)
    }
}
