// Peer: Go net/http (standard library only), no router: the path parameter taken from the URL
// by hand, as bench/apps/raw.ts does. Run with GOMAXPROCS=1 (the bench sets it).
// Usage: peer-go PORT
package main

import (
	"encoding/json"
	"net/http"
	"os"
	"strconv"
	"strings"
)

type reply struct {
	Message string `json:"message"`
	ID      string `json:"id"`
}

func main() {
	port := os.Args[1]
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		parts := strings.Split(r.URL.Path, "/")
		if len(parts) != 3 || parts[1] != "json" || r.Method != "GET" {
			http.NotFound(w, r)
			return
		}
		body, _ := json.Marshal(reply{Message: "Hello, World!", ID: parts[2]})
		h := w.Header()
		h.Set("Content-Type", "application/json")
		h.Set("Content-Length", strconv.Itoa(len(body)))
		w.Write(body)
	})
	if err := http.ListenAndServe("127.0.0.1:"+port, nil); err != nil {
		panic(err)
	}
}
