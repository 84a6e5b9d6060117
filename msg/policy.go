package msg

var policy = map[ID]text{}
