/** Why the `ftrace` system's events cannot be start or end events (the kernel refuses their hist triggers with EACCES). */
export type FtraceSystemProblem = "the ftrace system's events take no hist triggers (the kernel: EACCES): use a trace event of another system"
