package specdiff

import (
	"strconv"

	"github.com/rtmkit/livechat-rtm/internal/spec"
)

// connection compares how clients connect: the endpoint, regions, query parameters, the
// ping interval and the cap on pending requests.
func (d *differ) connection() {
	o, n := &d.old.Connection, &d.new.Connection
	item := Subject{Kind: KindConnection, Old: "connection", New: "connection"}
	if o.URL != n.URL {
		d.emit(&Change{Rule: "connection-url-changed", Subject: item, Direction: Sent, Old: o.URL, New: n.URL})
	}
	d.regions(o, n)
	d.fields(fieldScope{
		family: "connection-query", dir: Sent,
		subj:      Subject{Kind: KindConnection, Old: "connection", New: "connection", Part: PartQuery},
		oldStruct: "Config", newStruct: "Config",
	}, o.Query, n.Query)
	switch {
	case n.PingInterval != 0 && (o.PingInterval == 0 || n.PingInterval < o.PingInterval):
		d.emit(&Change{Rule: "ping-interval-shortened", Subject: item, Direction: Sent, Old: o.PingInterval.String(), New: n.PingInterval.String()})
	case o.PingInterval != 0 && (n.PingInterval == 0 || n.PingInterval > o.PingInterval):
		d.emit(&Change{Rule: "ping-interval-lengthened", Subject: item, Direction: Sent, Old: o.PingInterval.String(), New: n.PingInterval.String()})
	}
	// 0 means no documented cap.
	switch {
	case n.MaxPendingRequests != 0 && (o.MaxPendingRequests == 0 || n.MaxPendingRequests < o.MaxPendingRequests):
		d.emit(&Change{Rule: "max-pending-requests-lowered", Subject: item, Direction: Sent, Old: limit(o.MaxPendingRequests), New: limit(n.MaxPendingRequests)})
	case o.MaxPendingRequests != 0 && (n.MaxPendingRequests == 0 || n.MaxPendingRequests > o.MaxPendingRequests):
		d.emit(&Change{Rule: "max-pending-requests-raised", Subject: item, Direction: Sent, Old: limit(o.MaxPendingRequests), New: limit(n.MaxPendingRequests)})
	}
}

func limit(n int) string {
	if n == 0 {
		return "none"
	}
	return strconv.Itoa(n)
}

// regions compares the data centers by name.
func (d *differ) regions(o, n *spec.Connection) {
	m := match(o.Regions, n.Regions,
		func(r *spec.Region) string { return r.Name },
		func(*spec.Region) string { return "" })
	subj := func(old, new string) Subject {
		return Subject{Kind: KindConnection, Old: "connection", New: "connection", Part: PartRegions, OldPath: old, NewPath: new}
	}
	for _, r := range m.Removed {
		d.emit(&Change{Rule: "region-removed", Subject: subj(r.Name, ""), Direction: Sent, Old: r.URL,
			GoRule: "go-const-removed", Go: []Ident{{Old: d.oldGo.regionConst(r.Name)}}})
	}
	for _, r := range m.Added {
		d.emit(&Change{Rule: "region-added", Subject: subj("", r.Name), Direction: Sent, New: r.URL,
			Go: []Ident{{New: d.newGo.regionConst(r.Name)}}})
	}
	for _, p := range m.Pairs {
		if p.Old.URL != p.New.URL {
			d.emit(&Change{Rule: "region-url-changed", Subject: subj(p.Old.Name, p.New.Name), Direction: Sent, Old: p.Old.URL, New: p.New.URL})
		}
	}
	od, nd := o.DefaultRegion(), n.DefaultRegion()
	name := func(r *spec.Region) string {
		if r == nil {
			return "none"
		}
		return r.Name
	}
	if name(od) != name(nd) {
		d.emit(&Change{Rule: "region-default-changed", Subject: subj("", ""), Direction: Sent, Old: name(od), New: name(nd)})
	}
}
