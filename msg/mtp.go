package msg

var mtp = map[ID]text{}
