// With PATCHPROOF_REQUIRE_REAL_TESTS=1 (set by .ci/run) a skipped test fails the run: the suites
// that need root, namespaces or sshd skip with their reason on a workstation, but in CI a skip would
// let "passed" stand for "not run".
class NoSkipsReporter {
  constructor() {
    this.skipped = [];
  }

  onTestResult(_test, result) {
    for (const assertion of result.testResults) {
      if (assertion.status === 'pending' || assertion.status === 'skipped' || assertion.status === 'todo') {
        this.skipped.push(`${result.testFilePath}: ${assertion.fullName}`);
      }
    }
  }

  onRunComplete() {
    if (!required() || this.skipped.length === 0) return;
    process.stderr.write(`\nPATCHPROOF_REQUIRE_REAL_TESTS is set and ${this.skipped.length} test(s) were skipped:\n`);
    for (const name of this.skipped) process.stderr.write(`  - ${name}\n`);
  }

  getLastError() {
    if (required() && this.skipped.length > 0) return new Error(`${this.skipped.length} test(s) skipped where all must run`);
    return undefined;
  }
}

function required() {
  return process.env.PATCHPROOF_REQUIRE_REAL_TESTS === '1';
}

module.exports = NoSkipsReporter;
