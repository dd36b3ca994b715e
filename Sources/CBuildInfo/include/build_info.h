#pragma once

/// The git commit minirun was built from ("" when the build was not told: see Package.swift).
const char *minirun_git_commit(void);
