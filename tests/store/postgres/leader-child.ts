// A host that takes the scheduler lock, says so on stdout, and waits to be killed (leadership test).
import { SchedulerLeadership } from '../../../src/store/postgres/leadership.ts';

const [url, key] = process.argv.slice(2);
new SchedulerLeadership({
  connection: { connectionString: url! },
  key: Number(key),
  checkEveryMs: 100,
  onLead: () => process.stdout.write('leading\n'),
  onLose: () => process.stdout.write('lost\n'),
}).start();
setInterval(() => {}, 1_000);
