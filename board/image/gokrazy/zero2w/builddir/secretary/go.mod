module gokrazy/build/secretary

go 1.26.8

// The firmware from this repository (relative to this file, so no
// machine's path is committed).
replace secretary => ../../../../../..

require secretary v0.0.0-00010101000000-000000000000
