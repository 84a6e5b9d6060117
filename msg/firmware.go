package msg

var firmware = map[ID]text{}
