/** The GAN worker: a GanService exposed with the worker kit (browser and Node). */
import { GanService } from './gan-service';
import { exposeService } from './kit/expose';

exposeService((host) => new GanService(host));
