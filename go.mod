module github.com/rtmkit/livechat-rtm

go 1.25

require (
	github.com/coder/websocket v1.8.15
	github.com/dave/jennifer v1.7.1
	github.com/google/go-cmp v0.7.0
	gopkg.in/yaml.v3 v3.0.1
)
