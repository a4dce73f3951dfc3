/** The trainer worker: a TrainerService exposed with the worker kit (browser and Node). */
import { exposeService } from './kit/expose';
import { TrainerService } from './trainer-service';

exposeService((host) => new TrainerService(host));
