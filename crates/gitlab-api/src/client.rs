//! The client: turns endpoints into authenticated requests for one GitLab instance and responses into
//! typed results. The sans-IO pair [`Client::prepare`] / [`Client::interpret`] is all of it; the async
//! helpers only loop over a [`Transport`].

use crate::backoff::Backoff;
use crate::endpoint::{Endpoint, Pageable};
use crate::error::ApiError;
use crate::http::{Request, Response};
use crate::pagination::{Page, PageInfo, MAX_PER_PAGE};
use crate::token::Token;
use crate::transport::Transport;
use crate::url::{split_origin, split_path_query, BaseUrl};

#[derive(Clone, Debug)]
pub struct Client {
    base: BaseUrl,
    token: Option<Token>,
    backoff: Backoff,
}

impl Client {
    /// A client for the instance at `base_url` (e.g. `https://gitlab.example.com`).
    pub fn new(base_url: &str, token: Option<Token>) -> Result<Self, ApiError> {
        Ok(Client { base: BaseUrl::parse(base_url)?, token, backoff: Backoff::default() })
    }

    pub fn with_backoff(mut self, backoff: Backoff) -> Self {
        self.backoff = backoff;
        self
    }

    pub fn base(&self) -> &BaseUrl {
        &self.base
    }

    /// The endpoint's request, aimed at the base URL and carrying the token.
    pub fn prepare<E: Endpoint>(&self, endpoint: &E) -> Request {
        let mut request = endpoint.request();
        request.origin = self.base.origin().to_string();
        request.path = format!("{}{}", self.base.prefix(), request.path);
        // The origin was just set to the base's, so `authorize` cannot refuse it. Matched rather than
        // `expect`ed: no `Debug` of `ApiError` in the browser bundle for a case that cannot happen.
        match self.authorize(request) {
            Ok(request) => request,
            Err(_) => unreachable!("the base origin is the client's own"),
        }
    }

    /// Adds the token, unless the request goes to another origin than the base URL: then it is
    /// refused, so a `Link` header or a redirect target can never carry the token elsewhere.
    pub fn authorize(&self, mut request: Request) -> Result<Request, ApiError> {
        if request.origin != self.base.origin() {
            return Err(ApiError::ForeignOrigin { origin: request.origin });
        }
        request
            .headers
            .retain(|(k, _)| !k.eq_ignore_ascii_case("private-token") && !k.eq_ignore_ascii_case("authorization"));
        if let Some(token) = &self.token {
            request.headers.push(token.header());
        }
        Ok(request)
    }

    /// A request for an absolute URL from a `Link` header, same method as a GET.
    pub fn request_for_link(&self, url: &str) -> Result<Request, ApiError> {
        let (origin, rest) = split_origin(url).ok_or_else(|| ApiError::InvalidUrl(url.to_string()))?;
        let (path, query) = split_path_query(rest);
        let mut request = Request::get(path);
        request.origin = origin;
        request.query = query;
        self.authorize(request)
    }

    /// A success response parsed by the endpoint; any other status as its typed error.
    pub fn interpret<E: Endpoint>(&self, endpoint: &E, response: &Response) -> Result<E::Output, ApiError> {
        if (200..300).contains(&response.status) {
            endpoint.parse(response)
        } else {
            Err(ApiError::from_status(response))
        }
    }

    /// The first page's request with `per_page` (at most GitLab's 100).
    pub fn prepare_page<E: Pageable>(&self, endpoint: &E, per_page: u32) -> Request {
        let mut request = self.prepare(endpoint);
        request.query.retain(|(k, _)| k != "page" && k != "per_page");
        request.query.push(("per_page".into(), per_page.clamp(1, MAX_PER_PAGE).to_string()));
        request
    }

    /// One page's items, what its headers say, and the request for the next page (from `Link`).
    pub fn interpret_page<E: Pageable>(&self, endpoint: &E, response: &Response) -> Result<Page<E::Item>, ApiError> {
        let items = self.interpret(endpoint, response)?;
        let info = PageInfo::from_response(response);
        let next = match &info.links.next {
            Some(url) => Some(self.request_for_link(url)?),
            None => None,
        };
        Ok(Page { items, info, next })
    }

    /// Sends a request, retrying retryable failures with the client's backoff. A final non-success
    /// status comes back as the response; only transport failures are errors here.
    pub async fn execute<T: Transport>(&self, transport: &T, request: &Request) -> Result<Response, ApiError> {
        let request = self.authorize(request.clone())?;
        let mut retry = 0;
        loop {
            let (error, response) = match transport.send(request.clone()).await {
                Ok(r) if (200..300).contains(&r.status) => return Ok(r),
                Ok(r) => (ApiError::from_status(&r), Some(r)),
                Err(e) => (ApiError::from(e), None),
            };
            match (self.backoff.delay(retry, &error), response) {
                (Some(pause), _) => transport.sleep(pause).await,
                // The caller's `interpret` turns the status into the same error.
                (None, Some(response)) => return Ok(response),
                (None, None) => return Err(error),
            }
            retry += 1;
        }
    }

    /// Calls an endpoint.
    pub async fn call<T: Transport, E: Endpoint>(&self, transport: &T, endpoint: &E) -> Result<E::Output, ApiError> {
        let response = self.execute(transport, &self.prepare(endpoint)).await?;
        self.interpret(endpoint, &response)
    }

    /// Fetches one page; pass `page.next` back as `request` to continue.
    pub async fn page<T: Transport, E: Pageable>(
        &self,
        transport: &T,
        endpoint: &E,
        request: &Request,
    ) -> Result<Page<E::Item>, ApiError> {
        let response = self.execute(transport, request).await?;
        self.interpret_page(endpoint, &response)
    }

    /// Every item, following `Link: rel="next"`, up to `max_pages` pages.
    pub async fn all<T: Transport, E: Pageable>(
        &self,
        transport: &T,
        endpoint: &E,
        per_page: u32,
        max_pages: u32,
    ) -> Result<Vec<E::Item>, ApiError> {
        let mut items = Vec::new();
        let mut next = Some(self.prepare_page(endpoint, per_page));
        let mut pages = 0;
        while let Some(request) = next.take() {
            if pages == max_pages {
                break;
            }
            let page = self.page(transport, endpoint, &request).await?;
            items.extend(page.items);
            next = page.next;
            pages += 1;
        }
        Ok(items)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoints::{GetProject, Projects};
    use crate::error::TransportError;
    use std::cell::RefCell;
    use std::time::Duration;

    /// Replays canned responses and records what was sent.
    struct Canned {
        responses: RefCell<Vec<Result<Response, TransportError>>>,
        sent: RefCell<Vec<Request>>,
        slept: RefCell<Vec<Duration>>,
    }

    impl Canned {
        fn new(mut responses: Vec<Result<Response, TransportError>>) -> Self {
            responses.reverse();
            Canned { responses: RefCell::new(responses), sent: RefCell::default(), slept: RefCell::default() }
        }
    }

    impl Transport for Canned {
        async fn send(&self, request: Request) -> Result<Response, TransportError> {
            self.sent.borrow_mut().push(request);
            self.responses.borrow_mut().pop().expect("a canned response")
        }

        async fn sleep(&self, duration: Duration) {
            self.slept.borrow_mut().push(duration);
        }
    }

    fn client() -> Client {
        Client::new("https://gitlab.example.com", Some(Token::private("glpat-secret"))).unwrap()
    }

    #[test]
    fn prepare_adds_origin_prefix_and_token_header() {
        let c = Client::new("https://h.example/gitlab", Some(Token::bearer("t"))).unwrap();
        let r = c.prepare(&GetProject::new("g/p"));
        assert_eq!(r.url(), "https://h.example/gitlab/api/v4/projects/g%2Fp");
        assert_eq!(r.header("authorization"), Some("Bearer t"));
        let c = client();
        let r = c.prepare(&Projects { search: Some("x".into()), ..Default::default() });
        assert!(!r.url().contains("glpat-secret"), "the token is never in the URL: {}", r.url());
        assert_eq!(r.header("private-token"), Some("glpat-secret"));
    }

    #[test]
    fn token_never_goes_to_another_origin() {
        let c = client();
        let err = c.request_for_link("https://evil.example/api/v4/projects?page=2").unwrap_err();
        assert_eq!(err, ApiError::ForeignOrigin { origin: "https://evil.example".into() });
        let mut r = c.prepare(&Projects::default());
        r.origin = "http://gitlab.example.com".into(); // scheme downgrade is another origin too
        assert!(matches!(c.authorize(r), Err(ApiError::ForeignOrigin { .. })));
    }

    #[test]
    fn foreign_next_link_is_an_error_and_nothing_is_sent() {
        let c = client();
        let t = Canned::new(vec![Ok(
            Response::new(200, "[]").with_header("Link", r#"<https://evil.example/x?page=2>; rel="next""#)
        )]);
        let err = pollster::block_on(c.all(&t, &Projects::default(), 20, 10)).unwrap_err();
        assert!(matches!(err, ApiError::ForeignOrigin { .. }));
        assert_eq!(t.sent.borrow().len(), 1);
    }

    #[test]
    fn retries_503_then_succeeds_with_backoff() {
        let c = client().with_backoff(Backoff {
            initial: Duration::from_millis(10),
            max: Duration::from_secs(1),
            max_retries: 3,
        });
        let t = Canned::new(vec![
            Ok(Response::new(503, "")),
            Err(TransportError::Network("reset".into())),
            Ok(Response::new(
                200,
                r#"{"id":1,"name":"p","path":"p","path_with_namespace":"g/p","web_url":"https://gitlab.example.com/g/p"}"#,
            )),
        ]);
        let p = pollster::block_on(c.call(&t, &GetProject::new(1))).unwrap();
        assert_eq!(p.path_with_namespace, "g/p");
        assert_eq!(*t.slept.borrow(), vec![Duration::from_millis(10), Duration::from_millis(20)]);
    }

    #[test]
    fn gives_up_and_reports_the_last_error() {
        let c = client().with_backoff(Backoff {
            initial: Duration::from_millis(1),
            max: Duration::from_millis(1),
            max_retries: 1,
        });
        let t = Canned::new(vec![Ok(Response::new(429, "Retry later")), Ok(Response::new(429, "Retry later"))]);
        let err = pollster::block_on(c.call(&t, &GetProject::new(1))).unwrap_err();
        assert_eq!(err, ApiError::RateLimited { retry_after: None });
        let t = Canned::new(vec![Ok(Response::new(401, r#"{"message":"401 Unauthorized"}"#))]);
        assert_eq!(pollster::block_on(c.call(&t, &GetProject::new(1))).unwrap_err(), ApiError::Unauthorized);
        assert_eq!(t.sent.borrow().len(), 1, "401 is not retried");
    }
}
