//! A small harness: a temporary directory with a database, and a way to run `dossier` in it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct TestDir {
    pub dir: tempfile::TempDir,
}

impl TestDir {
    pub fn new() -> TestDir {
        TestDir { dir: tempfile::tempdir().expect("temp dir") }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn db(&self) -> PathBuf {
        self.path().join("test.db")
    }

    /// Writes a file under the test directory, creating parent directories.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path().join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&p, contents).expect("write");
        p
    }

    /// Runs `dossier --db <test db> ARGS...`.
    pub fn run(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .arg("--db")
            .arg(self.db())
            .args(args)
            .current_dir(self.path())
            .output()
            .expect("run dossier");
        Run { output }
    }
}

pub struct Run {
    pub output: Output,
}

impl Run {
    pub fn code(&self) -> i32 {
        self.output.status.code().unwrap_or(-1)
    }

    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    /// Asserts the exit code, showing both streams when it differs.
    pub fn expect_code(self, code: i32) -> Run {
        assert_eq!(self.code(), code, "exit code\n--- stdout\n{}\n--- stderr\n{}", self.stdout(), self.stderr());
        self
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout()).unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout()))
    }
}

/// The repository root (two levels above this crate).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("repo root")
}

/// A fictional wire story, long enough to have several sentences.
pub const STORY_A: &str = "Protests over fuel prices spread to Corvinsk on Tuesday, the largest city of Veloria, \
witnesses said. Police fired tear gas at thousands of demonstrators near the mayor's office.\n\n\
President Tomas Rekker declared a state of emergency in the city. \"Order will be restored,\" he said in a televised address.";

pub const STORY_B: &str = "The Eastern Security Pact said on Thursday it would send about 2,500 troops to Veloria. \
Dr. Ilse Marr of the Port Amsel Institute said the deployment was unprecedented.\n\n\
The government put the death toll at 164, including 16 security officers.";
