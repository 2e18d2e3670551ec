//! Paging through `DescribeTasks`: [`TaskPaginator`] and [`TaskItems`].

use std::collections::VecDeque;

use alicloud_ecs_model::{DescribeTasksRequest, DescribeTasksResponse, Task};

use crate::call::Call;
use crate::client::Client;
use crate::error::Error;
use crate::send::CallOptions;

/// The page size used when the request sets none (the service's default is 10).
const DEFAULT_PAGE_SIZE: i32 = 50;

impl Call<DescribeTasksRequest> {
    /// Page through every matching task, starting at the request's `PageNumber` (or 1).
    pub fn into_paginator(self) -> TaskPaginator {
        let (client, request, options) = self.into_parts();
        let next_page = request.page_number.unwrap_or(1).max(1);
        TaskPaginator {
            client,
            request,
            options,
            next_page,
            done: false,
        }
    }
}

/// Paging through `DescribeTasks`: page by page, or task by task across all pages.
///
/// ```no_run
/// # async fn run(client: alicloud_ecs::Client) -> Result<(), alicloud_ecs::Error> {
/// let mut tasks = client.describe_tasks().task_status("Processing").into_paginator().page_size(50).items();
/// while let Some(task) = tasks.next().await {
///     let task = task?;
///     println!("{} {:?}", task.task_id.as_deref().unwrap_or("-"), task.task_status);
/// }
/// # Ok(()) }
/// ```
///
/// Paging stops when `PageNumber × PageSize` reaches `TotalCount`, or at the first empty
/// page (a guard against a server that overstates `TotalCount`), or after an error.
#[derive(Debug)]
#[must_use]
pub struct TaskPaginator {
    client: Client,
    request: DescribeTasksRequest,
    options: CallOptions,
    next_page: i32,
    done: bool,
}

impl TaskPaginator {
    /// Tasks per page, 1 to 100 (default 50).
    pub fn page_size(mut self, size: i32) -> Self {
        self.request.page_size = Some(size);
        self
    }

    /// The next page, or `None` when there are no more.
    pub async fn next_page(&mut self) -> Option<Result<DescribeTasksResponse, Error>> {
        if self.done {
            return None;
        }
        let size = *self.request.page_size.get_or_insert(DEFAULT_PAGE_SIZE);
        let mut request = self.request.clone();
        request.page_number = Some(self.next_page);
        let result = self.client.send(request, &self.options).await;
        match &result {
            Ok(page) => {
                let requested = self.next_page;
                let number = page.page_number.unwrap_or(requested);
                let size = page.page_size.filter(|s| *s > 0).unwrap_or(size);
                let seen = i64::from(number) * i64::from(size);
                let total = page.total_count.map_or(i64::MAX, i64::from);
                // A server answering an earlier page than asked for would loop us forever.
                self.done = page.task_set.is_empty() || seen >= total || number < requested;
                self.next_page = number.max(requested).saturating_add(1);
            }
            Err(_) => self.done = true,
        }
        Some(result)
    }

    /// Every page, or the first error.
    pub async fn try_collect(mut self) -> Result<Vec<DescribeTasksResponse>, Error> {
        let mut pages = Vec::new();
        while let Some(page) = self.next_page().await {
            pages.push(page?);
        }
        Ok(pages)
    }

    /// The tasks of every page, one at a time.
    pub fn items(self) -> TaskItems {
        TaskItems {
            pages: self,
            buffer: VecDeque::new(),
        }
    }
}

/// Tasks across all pages of `DescribeTasks`.
#[derive(Debug)]
#[must_use]
pub struct TaskItems {
    pages: TaskPaginator,
    buffer: VecDeque<Task>,
}

impl TaskItems {
    /// The next task, or `None` after the last.
    pub async fn next(&mut self) -> Option<Result<Task, Error>> {
        loop {
            if let Some(task) = self.buffer.pop_front() {
                return Some(Ok(task));
            }
            match self.pages.next_page().await? {
                Ok(page) => self.buffer.extend(page.task_set),
                Err(e) => return Some(Err(e)),
            }
        }
    }

    /// Every task, or the first error.
    pub async fn try_collect(mut self) -> Result<Vec<Task>, Error> {
        let mut tasks = Vec::new();
        while let Some(task) = self.next().await {
            tasks.push(task?);
        }
        Ok(tasks)
    }
}
