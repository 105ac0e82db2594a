// The package's one export list.
export {}
