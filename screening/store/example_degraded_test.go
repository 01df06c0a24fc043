package store_test

import (
	"errors"
	"fmt"
	"os"

	"secretary/screening"
	"secretary/screening/store"
)

// The firmware opens its store WithDegraded, so it always has one; Health
// says what the store can do, and the owner's choice (restore or reset)
// makes a damaged store healthy again.
func ExampleWithDegraded() {
	dir, _ := os.MkdirTemp("", "store-example")
	defer os.RemoveAll(dir)
	s, _ := store.OpenDir(dir)
	s.AddNumber(screening.ActionPass, "+12125550100", "Mom", "", t0)
	s.Close() // takes a snapshot of the change

	os.Truncate(store.Path(dir), 0) // the file loses its content

	s, err := store.OpenDir(dir, store.WithDegraded())
	if err != nil {
		panic(err) // only ErrLocked: another process has the file
	}
	defer s.Close()
	cond, err := s.Health()
	var de *store.DamagedError
	errors.As(err, &de)
	fmt.Println(cond, "-", de.Reason)
	_, _, err = s.LookupNumber("+12125550100")
	fmt.Println("lookup:", errors.Is(err, store.ErrDamaged))

	if _, err := s.RestoreSnapshot(""); err != nil { // or s.Reset() for an empty store
		panic(err)
	}
	cond, _ = s.Health()
	r, _, _ := s.LookupNumber("+12125550100")
	fmt.Println(cond, "-", r.Name)
	// Output:
	// unavailable - the file is empty
	// lookup: true
	// healthy - Mom
}
