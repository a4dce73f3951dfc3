/** The agent worker: an AgentService exposed with the worker kit (browser and Node). */
import { AgentService } from './agent-service';
import { exposeService } from './kit/expose';

exposeService((host) => new AgentService(host));
