// Package storetest opens throw-away stores for tests and checks their
// consistency when the test ends (like bbolt's internal/btesting).
//
// Imports: testing, screening/store, bbolt (PutRaw).
package storetest
