package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/heapprofiler"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// heapsnap_browser_test.go: what the page's memory is made of, for
// TestBrowserPerf's footprint (issue 14, part 2). CDP's JSHeapUsedSize
// counts the objects of the V8 heap and the code V8 compiles for the page's
// functions, but not the contents of array buffers: the view keeps its
// timeline columns and log items in typed arrays (web/js/colstore.js,
// logstore.js), so a figure that leaves them out would flatter it. The
// footprint therefore also says the backing storage (Runtime.getHeapUsage)
// and splits a heap snapshot into the page's data and its compiled code:
// code grows as V8 optimises the functions that a run at the top speed
// makes hot, whatever the run's length, while data grows only if what the
// page keeps grows.

// heapUsage is Runtime.getHeapUsage: the V8 heap used and the backing
// storage of array buffers and external strings (the modules' source text),
// in bytes.
func heapUsage(t *testing.T, ctx context.Context) (used, backing float64) {
	t.Helper()
	r, err := chromedp.Call(ctx, cdpruntime.GetHeapUsage, cdp.Empty{})
	if err != nil {
		t.Fatalf("Runtime.getHeapUsage: %v", err)
	}
	return r.UsedSize, r.BackingStorageSize
}

// heapParts is a heap snapshot's split, in bytes: data (JS objects,
// strings, arrays, closures, their shapes, V8's own objects and the
// contents of array buffers) and code (bytecode, compiled code and the
// weak lists that tie optimised code to the object shapes it assumes: a
// map's dependent_code and a context's retained_maps; the snapshot names
// them only as V8's WeakArrayLists, and but for the list of scripts, a few
// hundred bytes, the page's WeakArrayLists are those). The DOM's objects
// and the modules' source text are in neither.
type heapParts struct {
	data, code float64
}

func (p heapParts) String() string {
	return fmt.Sprintf("data %.3f MiB, compiled code %.3f MiB", p.data/(1<<20), p.code/(1<<20))
}

// heapSnapshot takes a heap snapshot of the tab (HeapProfiler, after a
// full collection of its own) and splits it (heapParts).
func heapSnapshot(t *testing.T, ctx context.Context) heapParts {
	t.Helper()
	var mu sync.Mutex
	var b strings.Builder
	lctx, cancel := context.WithCancel(ctx)
	defer cancel()
	chromedp.Listen(lctx, func(ev any) {
		if c, ok := ev.(*heapprofiler.EventAddHeapSnapshotChunk); ok {
			mu.Lock()
			b.WriteString(c.Chunk)
			mu.Unlock()
		}
	})
	if _, err := chromedp.Call(ctx, heapprofiler.TakeHeapSnapshot, heapprofiler.TakeHeapSnapshotParams{}); err != nil {
		t.Fatalf("HeapProfiler.takeHeapSnapshot: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	p, err := splitSnapshot([]byte(b.String()))
	if err != nil {
		t.Fatalf("the heap snapshot: %v", err)
	}
	return p
}

// splitSnapshot reads a heap snapshot (V8's .heapsnapshot JSON: a flat
// array of nodes, each node_fields long, names in strings) into heapParts.
func splitSnapshot(raw []byte) (heapParts, error) {
	var s struct {
		Snapshot struct {
			Meta struct {
				NodeFields []string          `json:"node_fields"`
				NodeTypes  []json.RawMessage `json:"node_types"`
			} `json:"meta"`
		} `json:"snapshot"`
		Nodes   []int64  `json:"nodes"`
		Strings []string `json:"strings"`
	}
	if err := json.Unmarshal(raw, &s); err != nil {
		return heapParts{}, err
	}
	fields := s.Snapshot.Meta.NodeFields
	at := func(name string) int {
		for i, f := range fields {
			if f == name {
				return i
			}
		}
		return -1
	}
	iType, iName, iSize := at("type"), at("name"), at("self_size")
	if iType < 0 || iName < 0 || iSize < 0 || len(s.Snapshot.Meta.NodeTypes) == 0 {
		return heapParts{}, fmt.Errorf("no type, name or self_size among the node fields %v", fields)
	}
	var types []string
	if err := json.Unmarshal(s.Snapshot.Meta.NodeTypes[0], &types); err != nil {
		return heapParts{}, fmt.Errorf("node types: %v", err)
	}
	var p heapParts
	n := len(fields)
	for i := 0; i+n <= len(s.Nodes); i += n {
		ty, name, size := s.Nodes[i+iType], s.Nodes[i+iName], float64(s.Nodes[i+iSize])
		if ty < 0 || int(ty) >= len(types) || name < 0 || int(name) >= len(s.Strings) {
			return heapParts{}, fmt.Errorf("node %d: type %d or name %d out of range", i/n, ty, name)
		}
		switch typ, nm := types[ty], s.Strings[name]; {
		case typ == "code", typ == "native" && nm == "system / WeakArrayList":
			p.code += size
		case typ == "native" && (!strings.HasPrefix(nm, "system /") || nm == "system / ExternalStringData"):
			// The DOM (measured by its elements) and the modules' source text.
		default:
			p.data += size
		}
	}
	return p, nil
}

func TestSplitSnapshot(t *testing.T) {
	const meta = `{"snapshot":{"meta":{"node_fields":["type","name","id","self_size","edge_count"],"node_types":[["hidden","array","string","object","code","closure","native"],"string"]}},`
	cases := []struct {
		name, json string
		want       heapParts
		bad        bool
	}{
		{name: "objects, code, array buffers, the DOM and sources",
			json: meta + `"nodes":[3,0,1,100,0, 4,1,3,40,0, 6,2,5,64,0, 6,3,7,1000,0, 6,4,9,500,0, 2,0,11,24,0, 6,5,13,8,0],"strings":["Object","(code)","system / JSArrayBufferData","HTMLDivElement","system / ExternalStringData","system / WeakArrayList"]}`,
			want: heapParts{data: 100 + 64 + 24, code: 40 + 8}},
		{name: "no nodes", json: meta + `"nodes":[],"strings":[]}`},
		{name: "a name out of range", json: meta + `"nodes":[3,9,1,100,0],"strings":["x"]}`, bad: true},
		{name: "no self_size", json: `{"snapshot":{"meta":{"node_fields":["type","name"],"node_types":[["object"]]}},"nodes":[],"strings":[]}`, bad: true},
		{name: "not JSON", json: `{"nodes":`, bad: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Helper()
			got, err := splitSnapshot([]byte(c.json))
			if (err != nil) != c.bad {
				t.Fatalf("error %v; want an error: %v", err, c.bad)
			}
			if got != c.want {
				t.Errorf("got %+v; want %+v", got, c.want)
			}
		})
	}
}
