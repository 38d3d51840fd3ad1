//! Shared state: the database (a SQLite path or a PostgreSQL URL) and token, a small pool of
//! read connections (rusqlite connections are not `Sync`: each request borrows one inside
//! `spawn_blocking`; on PostgreSQL each reader is one connection), the cached
//! [`Picture`], the lazily built [`CorpusIndex`] and the ingest jobs.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, RwLock};

use store::{PgStore, SqliteStore, Store};
use tokio::sync::Semaphore;

use crate::corpus::CorpusIndex;
use crate::error::ApiError;
use crate::jobs::Jobs;
use crate::picture::Picture;

/// Read connections kept open, and store work running at once.
const READERS: usize = 4;

/// Everything the handlers share; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub db: PathBuf,
    /// BLAKE3 of the token, compared in constant time (`blake3::Hash` equality is).
    pub token: Option<blake3::Hash>,
    idle: Mutex<Vec<Box<dyn Store + Send>>>,
    permits: Semaphore,
    picture: RwLock<Arc<Loaded>>,
    pub jobs: Jobs,
}

/// A picture with its corpus index, built on first use, and the answers to recent searches
/// (valid as long as the picture: both are replaced after each ingest job).
pub struct Loaded {
    pub picture: Picture,
    pub corpus: OnceLock<Result<CorpusIndex, String>>,
    /// The competing explanations and their matrix, as JSON: computed from every document's
    /// claims on first use and kept until the next ingest.
    pub hypotheses: OnceLock<Result<Arc<String>, String>>,
    pub searches: Mutex<HashMap<(String, u64, u64), Arc<String>>>,
}

/// Search answers kept; the cache is emptied when it is full.
const SEARCHES_KEPT: usize = 512;

impl Loaded {
    fn new(picture: Picture) -> Loaded {
        Loaded { picture, corpus: OnceLock::new(), hypotheses: OnceLock::new(), searches: Mutex::new(HashMap::new()) }
    }

    /// A cached search answer.
    pub fn cached_search(&self, key: &(String, u64, u64)) -> Option<Arc<String>> {
        self.searches.lock().ok()?.get(key).cloned()
    }

    pub fn cache_search(&self, key: (String, u64, u64), body: Arc<String>) {
        if let Ok(mut map) = self.searches.lock() {
            if map.len() >= SEARCHES_KEPT {
                map.clear();
            }
            map.insert(key, body);
        }
    }
}

impl AppState {
    /// Opens (creating when absent) the store at `db`, loads the cross-document picture and
    /// starts the ingest worker. Write routes need `token`; without one the server is read-only.
    pub fn open(db: &Path, token: Option<String>) -> Result<AppState, store::Error> {
        let store = open_store(db)?;
        let picture = Picture::load(&*store).map_err(|engine::Error::Store(e)| e)?;
        let token = token.filter(|t| !t.is_empty()).map(|t| blake3::hash(t.as_bytes()));
        let inner = Arc::new_cyclic(|weak| Inner {
            db: db.to_path_buf(),
            token,
            idle: Mutex::new(vec![store]),
            permits: Semaphore::new(READERS),
            picture: RwLock::new(Arc::new(Loaded::new(picture))),
            jobs: Jobs::start(db.to_path_buf(), weak.clone()),
        });
        Ok(AppState { inner })
    }

    /// The current picture.
    pub fn loaded(&self) -> Arc<Loaded> {
        self.inner.loaded()
    }

    pub fn read_only(&self) -> bool {
        self.inner.token.is_none()
    }

    /// Runs `f` with a read connection on the blocking pool, at most [`READERS`] at once.
    pub async fn with_store<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Store, &Loaded) -> Result<T, ApiError> + Send + 'static,
    {
        let _permit = self.inner.permits.acquire().await.map_err(ApiError::internal)?;
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || {
            let store = inner.take_reader()?;
            let loaded = inner.loaded();
            let result = f(&*store, &loaded);
            inner.give_back(store);
            result
        })
        .await
        .map_err(ApiError::internal)?
    }

    /// The corpus index of the current picture, building it (one pass over the store) when
    /// needed.
    pub async fn corpus(&self) -> Result<Arc<Loaded>, ApiError> {
        let loaded = self.loaded();
        if loaded.corpus.get().is_none() {
            self.with_store(|store, loaded| {
                loaded.corpus.get_or_init(|| CorpusIndex::build(store, &loaded.picture).map_err(|e| e.to_string()));
                Ok(())
            })
            .await?;
        }
        let loaded = self.loaded();
        match loaded.corpus.get() {
            Some(Ok(_)) => Ok(loaded),
            Some(Err(e)) => Err(ApiError::internal(e)),
            // The picture was replaced meanwhile: build the new one's.
            None => Box::pin(self.corpus()).await,
        }
    }
}

impl Drop for Inner {
    /// The idle readers are closed on a thread of their own: the synchronous PostgreSQL
    /// client blocks on closing, which must not happen on the async runtime's threads (the
    /// last state is dropped there when the server stops).
    fn drop(&mut self) {
        let idle = std::mem::take(match self.idle.get_mut() {
            Ok(idle) => idle,
            Err(poisoned) => poisoned.into_inner(),
        });
        if !idle.is_empty() {
            let _ = std::thread::spawn(move || drop(idle)).join();
        }
    }
}

impl Inner {
    pub fn loaded(&self) -> Arc<Loaded> {
        match self.picture.read() {
            Ok(p) => p.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Replaces the picture (after an ingest job).
    pub fn replace(&self, picture: Picture) {
        let new = Arc::new(Loaded::new(picture));
        match self.picture.write() {
            Ok(mut p) => *p = new,
            Err(poisoned) => *poisoned.into_inner() = new,
        }
    }

    fn take_reader(&self) -> Result<Box<dyn Store + Send>, ApiError> {
        let idle = match self.idle.lock() {
            Ok(mut idle) => idle.pop(),
            Err(poisoned) => poisoned.into_inner().pop(),
        };
        match idle {
            Some(s) => Ok(s),
            None => open_store(&self.db).map_err(ApiError::internal),
        }
    }

    fn give_back(&self, store: Box<dyn Store + Send>) {
        let mut idle = match self.idle.lock() {
            Ok(idle) => idle,
            Err(poisoned) => poisoned.into_inner(),
        };
        if idle.len() < READERS {
            idle.push(store);
        }
    }
}

/// Opens the store `db` names: a PostgreSQL URL (`postgres://...`; one connection per reader,
/// as each reader runs one request at a time) or the path of a SQLite file.
pub(crate) fn open_store(db: &Path) -> Result<Box<dyn Store + Send>, store::Error> {
    match db.to_str().filter(|s| store::postgres::is_url(s)) {
        Some(url) => Ok(Box::new(PgStore::connect_with(url, 1)?)),
        None => Ok(Box::new(SqliteStore::open(db)?)),
    }
}
