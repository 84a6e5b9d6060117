package msg

var optical = map[ID]text{}
