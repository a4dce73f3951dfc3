/** The vision worker: a VisionService exposed with the worker kit (browser and Node). */
import { exposeService } from './kit/expose';
import { VisionService } from './vision-service';

exposeService((host) => new VisionService(host));
