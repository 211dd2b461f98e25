import { Controller } from '@nestjs/common';
import { providerWorkers } from '@gatehouse/contracts';
import { Observable } from 'rxjs';
import { InvokeService } from '../services/invoke.service';

@Controller()
@providerWorkers.ProviderWorkersServiceControllerMethods()
export class ProviderWorkersController implements providerWorkers.ProviderWorkersServiceController {
  constructor(private readonly service: InvokeService) {}

  invoke(request: providerWorkers.InvokeRequest): Promise<providerWorkers.InvokeResponse> {
    return this.service.chat(request);
  }

  invokeStream(request: providerWorkers.InvokeRequest): Observable<providerWorkers.InvokeChunk> {
    return this.service.chatStream(request);
  }

  embed(request: providerWorkers.InvokeRequest): Promise<providerWorkers.InvokeResponse> {
    return this.service.embed(request);
  }
}
