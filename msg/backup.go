package msg

// Backups before a wipe, and their restore (cmd's backup commands; the backup
// engine's own errors are in mtp.go next to the phone backups).
const (
	BackupFileNotAllowed        ID = "backup.file-not-allowed"
	BackupInUse                 ID = "backup.in-use"
	BackupReplaceFileNotAllowed ID = "backup.replace-file-not-allowed"
)

var backup = map[ID]text{
	BackupFileNotAllowed:        {"an image file: add --allow-file to back up a file", "映像檔：備份檔案須加上 --allow-file"},
	BackupInUse:                 {"in use (mounted, or held by another device)", "使用中（已掛載，或被其他裝置佔用）"},
	BackupReplaceFileNotAllowed: {"an existing image file: add --allow-file (and --yes) to replace its content", "既有的映像檔：須加上 --allow-file（及 --yes）才能取代其內容"},
}
