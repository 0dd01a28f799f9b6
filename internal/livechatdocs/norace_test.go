//go:build !race

package livechatdocs

const raceEnabled = false
