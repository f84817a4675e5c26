// The help text and the error type for wrong invocations (exit code 2).
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE = `sockgrade — grades socket-programming exercises by driving them with scripted peers

usage:
  sockgrade list [--json] [--config FILE]       exercises and their checks
  sockgrade grade <exercise> [options]          grade one submission
  sockgrade grade --config FILE --cwd DIR       grade every exercise of an assignment in one learner's folder
  sockgrade batch <folder> --out DIR [options]  grade every learner subfolder: reports, gradebook.csv, resumable
  sockgrade merge <out-dir>... --out DIR        join the out dirs of a batch's shards into one
  sockgrade report <file.json> [options]        render a saved JSON report again
  sockgrade gradescope-bundle --config FILE [-o autograder.zip]
                                                a Gradescope autograder for the assignment
  sockgrade check <file> [--watch]              a learner's self-check: guesses the exercise and role
                                                (--exercise ID --role server|client to say), grades it;
                                                not Python: --command CMD [--build CMD]; --watch regrades on save
  sockgrade serve <exercise> <role>             runs the reference to try your own program by hand:
                                                a server on --port (default: a free one), or a client
                                                against --target host:port; Ctrl-C stops it
  sockgrade doctor [--json] [--no-grade]        what this machine offers, what is missing costs, and
                                                the reference of every exercise graded (exit 1: broken)

course options (docs/instructor-guide.md):
  --config FILE      an assignment's sockgrade.config.json (exercises, commands, points, visibility,
                     limits); flags given override it. ./sockgrade.config.json is never read unless named
  --exercise ID      (batch, without --config) the exercise of every folder, with --server/--client
  --shard i/n        (batch) grade the i-th of n parts of the sorted folder list (k-th folder → k mod n + 1)
  --isolate-learners auto|on|off  (batch) each learner in a network namespace of its own (default auto)

grade options:
  --server CMD       command that starts the learner's server, e.g. "python3 server.py"
  --client CMD       command that starts the learner's client; "reference" grades the reference
                     (without --server/--client: the folder's sockgrade.json, else the exercise's
                     default commands for the files that exist)
  --build CMD        command that builds the submission (e.g. "make" or "javac -d build *.java"),
                     run once, before the checks, in a fresh copy of the folder; every check then
                     runs in a copy of the built folder ("build" in sockgrade.json does the same)
  --cwd DIR          the submission folder (default: .); each run gets a fresh copy of it
  --exercises-from MODULE
                     load a course's own exercise (a module whose default export is
                     defineExercise(...)) for grade, batch and list; repeatable
  --pair             pair mode (with --server and --client): also grade the learner's client
                     against the learner's server through a fault proxy (docs/pair-mode.md);
                     with batch, for every submission that has both
  {host} and {port} in CMD, and $HOST and $PORT, give the address to listen on or connect to.
  CMD may use shell syntax (&&, ;, |, redirections, VAR=value, cd dir && ...): it then runs in sh.

report options (grade and batch):
  --json FILE        full report as JSON (schema in README); with batch, every report in one file
  --junit FILE       JUnit XML for CI
  --gradescope FILE  (grade) Gradescope results.json
  --html FILE        a self-contained HTML page for learners (html:FILE in --format); with
                     batch, one page with a section per submission
  --open             open the HTML report in the system's browser once written
  --out DIR          (batch) reports/<learner>.json and .txt, gradebook.csv, batch.json; run again to resume
  --report-only      (batch) exit 0 when everything was graded, whatever the scores
  --jobs N           (batch) submissions graded at once (default: number of CPUs)
  --lang en|zh       language of titles, messages, hints and labels (grade, batch, list, report;
                     default from the locale: LC_ALL, LC_MESSAGES, LANG; zh* is Chinese)
  -v, --verbose      whole transcripts for failed checks
  -q, --quiet        no terminal report

run options:
  --workers N        checks run at once (default: 4 per CPU; most of a check waits)
  --timeout T        bound for start-up, replies and exits, e.g. 2s or 500ms; a bare number is
                     milliseconds (default: 5s start-up, 3s replies and exits)
  --check-timeout T  bound for a whole check, e.g. 45s or 2m; a bare number is seconds
                     (default: 30s)
  --build-timeout T  bound for the build step, e.g. 2m; a bare number is seconds (default: 60s)
  --no-redirect      do not redirect hard-coded addresses in Python programs
  --sandbox MODE     isolate submissions: auto (default: when the machine can), on (exit 2 if it
                     cannot), off. Isolated: only loopback network, no view of other files
  --cpu S            CPU seconds per program, its whole process tree (default: 10)
  --memory SIZE      memory of a program's whole process tree, e.g. 512M (default: 1G); where
                     no cgroup can be made, address space per process instead (the report's
                     environment.memoryLimit says which; JVM, Go, .NET may need --memory 4G there)
  --processes N      processes a program may run at once (default: 64)
  --output SIZE      output a program may print before it is stopped (default: 64M)
  --file-size SIZE   largest file a program may write (default: 16M)
  --open-files N     open files and sockets per process (default: 256)

exit status: 0 all checks passed, 1 some check failed, 2 usage or configuration error, or a
             report file could not be written (the others are, and stderr names it)
`;
