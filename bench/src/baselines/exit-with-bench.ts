// Imported first by every baseline: started by the bench (`startBaseline`), a baseline exits
// when its IPC channel to the bench closes, which it does however the bench ends (SIGKILL too).
if (process.send) process.once('disconnect', () => process.exit(0));
